"""How much memory each RocksDB database of the worker may use.

RocksDB keeps memtables and a block cache per database, and the worker has one database
per partition of each table (15 in all). faust's defaults (3 x 64 MB of memtables and a
2 GB cache each) let a worker grow to gigabytes; these bound it to about 24 MB each.
"""

from rocksdict import BlockBasedOptions, Cache, Options

WRITE_BUFFER_BYTES = 4 * 1024**2
WRITE_BUFFERS = 2
BLOCK_CACHE_BYTES = 16 * 1024**2

# For faust tables: ``app.Table(..., options=FAUST_TABLE_OPTIONS)``.
FAUST_TABLE_OPTIONS = {
    "write_buffer_size": WRITE_BUFFER_BYTES,
    "max_write_buffer_number": WRITE_BUFFERS,
    "block_cache_size": BLOCK_CACHE_BYTES,
}


def raw_options() -> Options:
    """For a database of our own: raw bytes keys and values, within the same bounds."""
    options = Options(raw_mode=True)
    options.set_write_buffer_size(WRITE_BUFFER_BYTES)
    options.set_max_write_buffer_number(WRITE_BUFFERS)
    table = BlockBasedOptions()
    table.set_block_cache(Cache(BLOCK_CACHE_BYTES))
    options.set_block_based_table_factory(table)
    return options
