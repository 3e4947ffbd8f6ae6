"""The use cases: the one API that ui/ and the command line call."""
