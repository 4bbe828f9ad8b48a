"""Mail transports: messages in from files, stdin, Maildir and IMAP; out through SMTP.

Parsing and transports only: what a message means is decided by
:mod:`techconsole.domain.mail` and the services (:mod:`techconsole.services.mail`).
"""
