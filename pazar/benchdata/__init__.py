"""Benchmark data at scale (`manage.py bench_data`): imports every domain, so it lives outside core."""
