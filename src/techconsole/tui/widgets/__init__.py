"""What more than one feature of the console shares: the forms' fields and modal
(:mod:`.form_fields`), the words and styles of cells and clocks (:mod:`.text`), and the
question asked before a file is replaced (:mod:`.overwrite`).

A dialog or widget one feature alone uses stays in that feature's package.
"""
