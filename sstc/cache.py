"""Django's Redis cache, with one client per server kept rather than made for every call.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` on each call, and its
constructor fills a table of about 170 response callbacks: 0.15 ms of the 0.9 ms of CPU that a
page kept whole costs (core/caching.py), measured with cProfile. A ``redis.Redis`` is safe to share
between threads (each command takes a connection from the pool), so one per pool is kept.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
