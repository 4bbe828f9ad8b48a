"""Recording a new request: the new-incident form."""
