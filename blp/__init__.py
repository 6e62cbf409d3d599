"""The platform's composition root: the ``blp`` command line, the local stack behind
``make run`` and the list of services they start.

It is the one place that knows every service; the kernel (``shared/``) knows none, and no
service imports this package (tests/test_kernel_boundaries.py checks both).
"""
