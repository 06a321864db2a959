"""How much memory each RocksDB database of the worker may use.

RocksDB keeps memtables and a block cache per database, and the worker has one database
per partition of each input topic it holds (21 in all: ``streams.worker.partition_store``).
RocksDB's defaults (64 MB memtables, a cache of its own each) would let a worker grow to
gigabytes; these bound it to about 24 MB each.
"""

from rocksdict import BlockBasedOptions, Cache, Options

WRITE_BUFFER_BYTES = 4 * 1024**2
WRITE_BUFFERS = 2
BLOCK_CACHE_BYTES = 16 * 1024**2


def raw_options() -> Options:
    """Raw bytes keys and values, within these bounds."""
    options = Options(raw_mode=True)
    options.set_write_buffer_size(WRITE_BUFFER_BYTES)
    options.set_max_write_buffer_number(WRITE_BUFFERS)
    table = BlockBasedOptions()
    table.set_block_cache(Cache(BLOCK_CACHE_BYTES))
    options.set_block_based_table_factory(table)
    return options
