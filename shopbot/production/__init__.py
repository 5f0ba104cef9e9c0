"""The production profile (``make run-prod``, ``shopbot production up|down|status``;
docs/production.md): two Rasa servers and two action servers behind nginx, the web server and
the conversation-summary consumer, supervised by supervisord, on PostgreSQL, Redis and
RabbitMQ.

``profile`` (the one description of its settings, processes and environment),
``secret_file`` (its secrets, generated once), ``backing`` (preparing PostgreSQL, Redis and
RabbitMQ), ``demo_data`` (the order database and product index), ``nginx_config`` and
``supervisor_config`` (the rendered configurations), ``supervisor`` (talking to
supervisord), ``health`` (each process's health) and ``launcher`` (up, down, status).
"""
