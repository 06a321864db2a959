"""Where data enters the hub: HTTP gateway, iJw XML, CSV files and the simulator.

Every connector hands raw records to the privacy edge (``privacy.edge``); none publishes a
person event by itself.
"""
