"""The project: settings and URLs, the pages officials read across both apps, the
agenda (digests and calendar feeds), demo data and the benchmark."""
