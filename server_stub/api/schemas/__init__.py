"""The API's request and response bodies: the contract clients code against.

One module per router. Field constraints here only catch what is malformed as JSON
(wrong types, absurd lengths); the rules themselves (an IIN's check digit, a phone's
operator, how many kindergartens) are judged by ``domain`` and the services, so the
client gets the rule's own reason code rather than a generic INVALID_REQUEST.
"""
