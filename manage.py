#!/usr/bin/env python
from tipmonitor.cli import main

if __name__ == "__main__":
    main()
