"""Work done on incidents: the timer, materials, the bill, months closed for invoicing."""
