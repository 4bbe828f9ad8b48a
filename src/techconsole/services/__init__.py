"""Use cases: what the console and the command line ask of the program."""
