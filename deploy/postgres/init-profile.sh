#!/bin/sh
# Runs once, when the postgres service's data volume is new (the image runs
# /docker-entrypoint-initdb.d/* then): the profile's user with its password and its two
# databases, owned by it, as shopbot/production/backing.py prepares them on a server of
# your own: the order database and Rasa's tracker store. The user is not a superuser.
# The password comes from the environment (deploy/.env), never from a command line.
# Changing it later: ALTER ROLE shopbot PASSWORD '...' as the postgres user.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<'SQL'
\getenv password SHOPBOT_PROD_PG_PASSWORD
CREATE ROLE shopbot LOGIN PASSWORD :'password';
CREATE DATABASE shopbot_orders OWNER shopbot;
CREATE DATABASE shopbot_tracker OWNER shopbot;
SQL
