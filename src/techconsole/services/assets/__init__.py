"""A customer's covered machines (seed 004): the machines, the software the policy
requires on them, the inspection at acceptance, and whether each is covered."""
