"""LoanDesk: the workstation core. No Qt anywhere below this package."""
