"""Channel configuration: which of the Rasa server's channels are on (see credentials.yml)."""

from shopbot.channels.credentials import ChannelState, render_credentials, write_credentials

__all__ = ["ChannelState", "render_credentials", "write_credentials"]
