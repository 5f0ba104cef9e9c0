"""Accounts of the support console: users and roles, argon2 passwords, server-side
sessions, sign-in throttling and the audit log of reveals, erasures and user changes
(whose entries ``shopbot privacy erase`` anonymises: :class:`AuditEraser`).

>>> accounts = Accounts.build(database, settings)  # doctest: +SKIP
>>> accounts.users.create("ada", "admin", password)  # doctest: +SKIP
>>> result = accounts.login.log_in("ada", password, client="127.0.0.1")  # doctest: +SKIP
"""

from shop.accounts.audit import AuditAction, AuditLog, AuditRecord
from shop.accounts.erase import AuditEraser
from shop.accounts.login import LoginOutcome, LoginResult, LoginService
from shop.accounts.passwords import MAX_PASSWORD_LENGTH, PasswordHashing, check_new_password
from shop.accounts.roles import Role, SessionView, UserView
from shop.accounts.service import Accounts, user_directory
from shop.accounts.sessions import SessionStore
from shop.accounts.throttle import LoginThrottle, derive_key
from shop.accounts.users import UserDirectory, normalise_username

__all__ = [
    "MAX_PASSWORD_LENGTH",
    "Accounts",
    "AuditAction",
    "AuditEraser",
    "AuditLog",
    "AuditRecord",
    "LoginOutcome",
    "LoginResult",
    "LoginService",
    "LoginThrottle",
    "PasswordHashing",
    "Role",
    "SessionStore",
    "SessionView",
    "UserDirectory",
    "UserView",
    "check_new_password",
    "derive_key",
    "normalise_username",
    "user_directory",
]
