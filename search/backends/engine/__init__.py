"""The search-engine finder: a dedicated resources index on OpenSearch or Elasticsearch.

Index settings, mappings and queries are written with elasticsearch-dsl and sent as plain
JSON, so the same bodies serve both engines; only the transport differs (opensearch-py for
OpenSearch, elasticsearch-py for Elasticsearch, which refuses to talk to OpenSearch).

The finder's meaning is defined by the database engine (search/backends/database.py); this
package expresses the same rules as engine queries. Disjunctive facets use the usual pattern: the
query carries no facet filters, each facet's aggregation applies every *other* facet, and a
post_filter applies them all to the hits. Channel facets (kind, language, open now) apply
to one and the same channel, through fields that combine them (see channel_fields).

Open now is not stored: each channel carries the key of its opening hours, and a search
asks for the keys open at that moment, which the finder works out from the distinct hours
of published channels. So the index never goes stale as time passes.
"""
