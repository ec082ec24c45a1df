"""Connections to the search engine, with the transport its kind needs, and its errors."""

import logging

from django.conf import settings

from elastic_transport import TransportError as ElasticTransportError
from elasticsearch import ApiError as ElasticApiError
from opensearchpy.exceptions import OpenSearchException

logger = logging.getLogger(__name__)


# Connections kept open to the engine per process, enough for every thread of a worker.
POOL_SIZE = 10


def connect(config=None, timeout=None):
    """A client for the configured engine, with the transport that matches it.

    `timeout` overrides the configured one, which is sized for searches.
    """
    config = config or settings.WAYMARK_SEARCH
    timeout = timeout or config["timeout"]
    options = {
        "hosts": config["urls"],
        "verify_certs": config["verify_certs"],
        "ca_certs": config["ca_certs"],
        # A node that cannot be reached is set aside and the request goes to the next one;
        # a slow answer is not retried, so that the finder falls back to the database fast.
        "max_retries": len(config["urls"]) - 1,
        "retry_on_timeout": False,
    }
    if config["engine"] == "opensearch":
        from opensearchpy import OpenSearch

        return OpenSearch(
            http_auth=config["http_auth"], timeout=timeout, pool_maxsize=POOL_SIZE, **options
        )
    from elasticsearch import Elasticsearch

    return Elasticsearch(
        basic_auth=config["http_auth"],
        request_timeout=timeout,
        connections_per_node=POOL_SIZE,
        **options,
    )


class EngineError(Exception):
    """The engine answered, but with an error for one of the searches in a request."""


def engine_errors():
    """The exceptions meaning "the engine is down, slow or refused the request"."""
    return (EngineError, OSError, OpenSearchException, ElasticTransportError, ElasticApiError)
