"""Rasa input/output channels of the assistant (they run in the Rasa server, Python 3.10).

Each module is one channel, switched on by its section in the credentials file that
``shopbot channels credentials`` renders from the environment (``credentials.yml`` is the
template; a channel whose variables are unset is left out):

- ``socketio``: the website widget (origin allow-list, server-signed session ids);
- ``telegram``, ``slack``, ``twilio`` (WhatsApp and SMS), ``messenger``: messaging
  platforms, each refusing webhooks that are not signed by the platform, and sending
  replies through the platform's HTTP API, degraded to what the platform can show.
"""
