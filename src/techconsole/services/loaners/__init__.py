"""Our loaner PCs ("PC muletto", seed 004): the pool, each loan to a customer and its
return; the loaner-PC clock of an incident stops when one is handed over for it."""
