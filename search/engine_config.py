"""Reading SEARCH_URL. Kept free of Django imports so settings can use it.

    opensearch://localhost:9200                      OpenSearch 2.x/3.x over HTTP
    opensearch://user:secret@search.example:443?tls=true
    elasticsearch://localhost:9200?index=waymark     Elasticsearch 8/9
    …&verify_certs=false  …&ca_certs=/path/ca.pem  …&timeout=0.5

Unset or empty means no engine: the database does everything.
"""

from importlib.metadata import version
from urllib.parse import parse_qs, unquote, urlsplit

ENGINES = {"opensearch", "elasticsearch"}
TRUE = {"1", "true", "yes", "on"}


class SearchURLError(ValueError):
    pass


def parse_search_url(url):
    if not url:
        return {"engine": None}
    parts = urlsplit(url)
    if parts.scheme not in ENGINES:
        raise SearchURLError(
            f"SEARCH_URL must start with opensearch:// or elasticsearch://, not {parts.scheme}://"
        )
    if not parts.hostname:
        raise SearchURLError("SEARCH_URL needs a host, e.g. opensearch://localhost:9200")
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    tls = options.get("tls", "").lower() in TRUE
    config = {
        "engine": parts.scheme,
        "url": f"{'https' if tls else 'http'}://{parts.hostname}:{parts.port or 9200}",
        "index": options.get("index", "waymark-resources"),
        "timeout": float(options.get("timeout", "2")),
        "verify_certs": options.get("verify_certs", "true").lower() in TRUE,
        "ca_certs": options.get("ca_certs"),
        "http_auth": None,
    }
    if parts.username:
        config["http_auth"] = (unquote(parts.username), unquote(parts.password or ""))
    return config


def wagtail_search_backend(config):
    """Wagtail's page index (admin search) on the modelsearch backend matching the engine."""
    if not config["engine"]:
        return {"BACKEND": "search.backends.page_index"}
    # modelsearch has one backend per major version of the client library, which decides
    # how the client is called (opensearch-py 3 takes keyword arguments only).
    client = {"opensearch": "opensearch-py", "elasticsearch": "elasticsearch"}[config["engine"]]
    backend = f"wagtail.search.backends.{config['engine']}{version(client).split('.')[0]}"
    options = {"verify_certs": config["verify_certs"]}
    if config["ca_certs"]:
        options["ca_certs"] = config["ca_certs"]
    if config["http_auth"]:
        options["http_auth"] = config["http_auth"]
    return {
        "BACKEND": backend,
        "URLS": [config["url"]],
        "INDEX_PREFIX": f"{config['index']}-",
        "TIMEOUT": max(1, int(config["timeout"])),
        "OPTIONS": options,
    }
