"""One module per DNS provider's fake API, served by ../dns_api_server.py. See common.py for the contract."""
