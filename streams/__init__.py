"""The stream processors (faust): the trajectory stage keyed by youth pseudonym and the
aggregate stage keyed by region. Not built yet: see the stream-processor issue."""
