"""An incident's work report on screen: read in Italian or English, every revision, and
exported as PDF or Markdown into a folder the technician names."""
