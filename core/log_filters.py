"""Logging filters that keep what people typed out of logs."""

import logging
import re

QUERY_STRING = re.compile(r"\?\S*")


class WithoutQueryStrings(logging.Filter):
    """Drops the query string from request lines logged by Django's development server
    (`"GET /search/?q=… HTTP/1.1" 200`): it holds what someone searched for."""

    def filter(self, record):
        if record.args:
            record.args = tuple(
                QUERY_STRING.sub("?…", arg) if isinstance(arg, str) else arg for arg in record.args
            )
        return True
