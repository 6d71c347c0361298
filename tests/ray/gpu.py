"""A job whose only task asks for a GPU the test cluster does not have, so it waits for ever
(tests/js/ray-inside.test.mjs stops it)."""

import ray

ray.init()


@ray.remote(num_gpus=1)
def needs_gpu():
    return 1


ray.get(needs_gpu.remote())
