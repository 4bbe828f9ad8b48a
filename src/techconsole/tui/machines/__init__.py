"""A customer's machines in the console ("Postazioni", seed 004): their coverage, their
software as verified, the inspection at acceptance; verify, inspect, and name one on an
incident."""
