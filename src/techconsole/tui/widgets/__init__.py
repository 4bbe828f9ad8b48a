"""What more than one feature of the console shares: the forms' fields and modal
(:mod:`.form_fields`) and what they offer from the policy (:mod:`.options`), the words
and styles of cells, clocks and the stopwatch (:mod:`.text`), and the question asked
before a file is replaced (:mod:`.overwrite`).

A dialog or widget one feature alone uses stays in that feature's package.
"""
