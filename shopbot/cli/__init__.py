"""The ``shopbot`` command line (Typer): ``shopbot --help`` lists the commands."""
