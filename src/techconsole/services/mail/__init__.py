"""Mail use cases: taking messages in, the inbox of unmatched mail, the outbox."""
