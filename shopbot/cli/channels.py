"""``shopbot channels credentials``: which channels are on, and the Rasa credentials file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from core.settings import PROJECT_ROOT
from shopbot.channels import write_credentials
from shopbot.cli.output import shopbot_errors, stderr

__all__ = ["app"]

app = typer.Typer(help="The Rasa server's channels.", no_args_is_help=True)


@app.command("credentials")
def credentials(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the rendered file.")
    ] = PROJECT_ROOT / "var" / "credentials.yml",
    template: Annotated[
        Path, typer.Option("--template", help="The template (channels and their variables).")
    ] = PROJECT_ROOT / "credentials.yml",
) -> None:
    """Render the credentials file from the environment; a channel with unset variables is off."""
    with shopbot_errors():
        states = write_credentials(template, output)
    for state in states:
        if state.enabled:
            stderr.print(f"  [green]on[/]   {state.name}")
        elif state.switched_off:
            stderr.print(f"  [dim]off[/]  {state.name}  (switched off in this environment)")
        else:
            stderr.print(f"  [dim]off[/]  {state.name}  (unset: {', '.join(state.missing)})")
