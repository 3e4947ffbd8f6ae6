"""Pure types and rules of LoanDesk: no I/O here, no database, no network."""
