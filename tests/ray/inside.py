"""A job with something inside it (tests/js/ray-inside.test.mjs): plain tasks spread over
several workers, an actor, and one task that raises; each prints lines only it prints.

Usage (as a job's entrypoint): python inside.py <tag>"""

import os
import sys
import time

import ray

tag = sys.argv[1] if len(sys.argv) > 1 else "x"
ray.init()


@ray.remote(num_cpus=1)
def work(i):
    # Long enough that the tasks do not all reuse one worker.
    time.sleep(0.5)
    print(f"jg-work-{tag} task {i} pid={os.getpid()}", flush=True)
    return i


@ray.remote(num_cpus=1)
def boom():
    print(f"jg-boom-only-{tag} about to raise", flush=True)
    raise ValueError(f"jg-boom-{tag} raised on purpose")


@ray.remote(num_cpus=0)
class Keeper:
    def __init__(self):
        print(f"jg-actor-init-{tag}", flush=True)

    def hello(self):
        print(f"jg-actor-only-{tag} says hello", flush=True)
        return os.getpid()


keeper = Keeper.remote()
print(ray.get([work.remote(i) for i in range(6)]))
print(ray.get(keeper.hello.remote()))
try:
    ray.get(boom.remote())
except Exception as e:  # the job itself succeeds; one of its tasks failed
    print(f"driver saw {type(e).__name__}")
print(f"jg-driver-done-{tag}", flush=True)
