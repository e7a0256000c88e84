#!/usr/bin/env python3
"""`make bench`: layerlab beside the tools people would use instead, on the same machine, in one run.

Starts the Debian `docker-registry` on loopback, generates images of a controlled size, and times
each pair of contenders over several rounds, alternating which goes first (a shared virtual
machine drifts with its neighbours, and whichever always went first would carry that drift
alone). Prints medians and ratios, and writes them with the machine and the commands to
benchmarks/RESULTS.md.

    scripts/bench.py LAYERLAB [--rounds N] [--only NAME,...] [--results FILE] [--big-layer-mib N]
"""

import argparse
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

MIB = 1 << 20


# --- timing -----------------------------------------------------------------------------------


@dataclass
class Sample:
    seconds: float
    peak_rss: int  # bytes, the largest of the commands' own maxima


def run_timed(commands: list[list[str]]) -> Sample:
    """Runs the commands one after another; their wall time summed, their largest peak RSS.

    Each runs under GNU time, which reports the command's own peak. (A child of this script would
    report this script's peak at least: Linux counts the resident set a process had before its
    exec, and subprocess forks with vfork.)"""
    total = 0.0
    peak = 0
    for command in commands:
        with tempfile.NamedTemporaryFile() as memory, tempfile.TemporaryFile() as errors:
            start = time.perf_counter()
            done = subprocess.run(
                ["/usr/bin/time", "-f", "%M", "-o", memory.name, *command],
                stdout=subprocess.DEVNULL, stderr=errors,
            )
            total += time.perf_counter() - start
            if done.returncode != 0:
                errors.seek(0)
                sys.exit(f"bench: {' '.join(command)} failed ({done.returncode}):\n{errors.read().decode()}")
            peak = max(peak, int(open(memory.name).read().split()[-1]) * 1024)
    return Sample(total, peak)


def run_quietly(command: list[str], **kwargs) -> str:
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        sys.exit(f"bench: {' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    return done.stdout


@dataclass
class Contender:
    name: str
    commands: Callable[[], list[list[str]]]
    prepare: Callable[[], None] = lambda: None  # untimed, before every round
    samples: list[Sample] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(sample.seconds for sample in self.samples)

    @property
    def peak_rss(self) -> int:
        return max(sample.peak_rss for sample in self.samples)


@dataclass
class Comparison:
    name: str
    ours: Contender
    peer: Contender
    target: Optional[float]  # the ratio ours/peer to stay under
    note: str = ""

    def measure(self, rounds: int) -> None:
        for round_index in range(rounds):
            pair = [self.ours, self.peer] if round_index % 2 == 0 else [self.peer, self.ours]
            for contender in pair:
                contender.prepare()
                contender.samples.append(run_timed(contender.commands()))

    @property
    def ratio(self) -> float:
        return self.ours.median / self.peer.median


# --- the registry -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Registry:
    """The distribution registry on loopback, its storage in a folder of its own."""

    def __init__(self, folder: str):
        self.folder = folder
        self.port = free_port()
        self.process: Optional[subprocess.Popen] = None

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> None:
        os.makedirs(self.folder, exist_ok=True)
        config = os.path.join(self.folder, "config.yml")
        with open(config, "w") as file:
            file.write(
                "version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n"
                f"    rootdirectory: {self.folder}/data\n  delete:\n    enabled: true\n"
                f"http:\n  addr: {self.host}\n"
            )
        self.process = subprocess.Popen(
            ["/usr/bin/docker-registry", "serve", config], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://{self.host}/v2/", timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        sys.exit(f"bench: the registry on {self.host} did not answer within 20 s")

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait()
            self.process = None

    def restart_empty(self) -> None:
        """Stops, forgets every blob, starts again on the same port: a push then uploads everything."""
        self.stop()
        shutil.rmtree(os.path.join(self.folder, "data"), ignore_errors=True)
        self.start()


# --- images of a controlled size ----------------------------------------------------------------


# Random bytes mapped onto eight letters and a newline: about 3 bits in each byte, as much as gzip
# finds in text.
TEXT = bytes(b"abcdefg\n"[value % 8] for value in range(256))


def half_compressible(generator: random.Random, size: int) -> bytes:
    """Half random bytes, half text: gzip takes such files to some 70%."""
    noise = generator.randbytes(size // 2)
    return noise + generator.randbytes(size - len(noise)).translate(TEXT)


# Files are made one at a time as they are written, so this script never holds an image in memory:
# a child forked from it starts with its resident set, and that would count as the child's peak.
Files = Iterable[tuple[str, bytes]]


def write_layer_tree(root: str, files: Files) -> None:
    for path, content in files:
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as file:
            file.write(content)


def make_image(work: str, name: str, layers: list[Files]) -> str:
    """An OCI layout at WORK/NAME (tag v1) with one layer per tree of files; returns its path.

    umoci compresses the layers with the Go library the registries' own images are made with, so
    no contender is handed blobs made by its own kind."""
    layout = os.path.join(work, name)
    tree = os.path.join(work, name + "-tree")
    layer_tar = os.path.join(work, name + "-layer.tar")
    run_quietly(["umoci", "init", "--layout", layout])
    run_quietly(["umoci", "new", "--image", f"{layout}:v1"])
    for files in layers:
        shutil.rmtree(tree, ignore_errors=True)
        write_layer_tree(tree, files)
        with tarfile.open(layer_tar, "w", format=tarfile.PAX_FORMAT) as tar:
            tar.add(tree, arcname=".")
        shutil.rmtree(tree)
        run_quietly(["umoci", "raw", "add-layer", "--image", f"{layout}:v1", layer_tar])
        os.remove(layer_tar)
    run_quietly(["umoci", "gc", "--layout", layout])
    return layout


def big_layers(total_mib: int, count: int, seed: int, file_mib: int = 4) -> list[Files]:
    generator = random.Random(seed)
    per_layer = total_mib * MIB // count

    def layer(number: int) -> Files:
        for index in range(per_layer // (file_mib * MIB)):
            yield f"layer{number}/blob{index}", half_compressible(generator, file_mib * MIB)

    return [layer(number) for number in range(count)]


def small_file_layers(count: int, files: int, seed: int) -> list[Files]:
    generator = random.Random(seed)

    def layer(number: int) -> Files:
        for index in range(files):
            size = generator.randrange(200, 4000)
            yield f"usr/share/layer{number}/dir{index % 50}/file{index}", half_compressible(generator, size)

    return [layer(number) for number in range(count)]


# --- the suite ----------------------------------------------------------------------------------


class Suite:
    def __init__(self, layerlab: str, work: str, rounds: int, big_layer_mib: int):
        self.layerlab = layerlab
        self.work = work
        self.rounds = rounds
        self.big_layer_mib = big_layer_mib
        self.source = Registry(os.path.join(work, "source-registry"))
        self.sink = Registry(os.path.join(work, "sink-registry"))
        self.comparisons: list[Comparison] = []
        self.absolutes: list[tuple[str, Contender, str]] = []  # (name, contender, goal)
        self.memory: Optional[tuple[int, int]] = None  # (layer bytes, peak RSS)
        self.render: Optional[str] = None

    def path(self, *parts: str) -> str:
        return os.path.join(self.work, *parts)

    def ll(self, command: str, *arguments: str, store: str) -> list[str]:
        # --root before the arguments: `create IMAGE` takes everything after the image as its command.
        return [self.layerlab, command, "--root", store, *arguments]

    def fresh(self, *paths: str) -> Callable[[], None]:
        def remove() -> None:
            for path in paths:
                if os.path.isdir(path):
                    shutil.rmtree(path)
                elif os.path.exists(path):
                    os.remove(path)

        return remove

    def publish(self, layout: str, repository: str) -> str:
        reference = f"{self.source.host}/{repository}:v1"
        run_quietly(["skopeo", "copy", "--dest-tls-verify=false", f"oci:{layout}:v1", f"docker://{reference}"])
        return reference

    # Each image: pull, pull --trace, push, export, load, save.
    def transfer_comparisons(self, label: str, layout: str, reference: str) -> None:
        store = self.path(label + "-pulled")
        oci = self.path(label + "-oci")
        bundle = self.path(label + "-bundle")
        skopeo_pull = ["skopeo", "copy", "--src-tls-verify=false", f"docker://{reference}", f"oci:{oci}:v1"]
        umoci_unpack = ["umoci", "unpack", "--image", f"{oci}:v1", bundle]
        self.comparisons.append(
            Comparison(
                f"pull {label} (layers unpacked)",
                Contender("layerlab pull", lambda: [self.ll("pull", reference, store=store)], self.fresh(store)),
                Contender("skopeo copy + umoci unpack", lambda: [skopeo_pull, umoci_unpack], self.fresh(oci, bundle)),
                0.8,
            )
        )
        trace = self.path(label + "-trace.jsonl")
        self.comparisons.append(
            Comparison(
                f"pull {label}: --trace against none",
                Contender(
                    "layerlab pull --trace",
                    lambda: [self.ll("pull", reference, "--trace", trace, store=store)],
                    self.fresh(store, trace),
                ),
                Contender("layerlab pull", lambda: [self.ll("pull", reference, store=store)], self.fresh(store)),
                1.03,
            )
        )

        # The store and the layout every later contender reads, made once.
        ours = self.path(label + "-store")
        run_quietly(self.ll("pull", reference, store=ours))
        run_quietly(["skopeo", "copy", "--src-tls-verify=false", f"docker://{reference}", f"oci:{oci}:v1"])
        pushed = f"{self.sink.host}/bench/{label}:v1"
        run_quietly(self.ll("tag", reference, pushed, store=ours))
        self.comparisons.append(
            Comparison(
                f"push {label} (to an empty registry)",
                Contender("layerlab push", lambda: [self.ll("push", pushed, store=ours)], self.sink.restart_empty),
                Contender(
                    "skopeo copy",
                    lambda: [["skopeo", "copy", "--dest-tls-verify=false", f"oci:{oci}:v1", f"docker://{pushed}"]],
                    self.sink.restart_empty,
                ),
                1.0,
            )
        )

        exported = self.path(label + "-export.tar")
        run_quietly(self.ll("create", "--name", "exported", reference, "true", store=ours))
        self.comparisons.append(
            Comparison(
                f"export {label} (merged rootfs)",
                Contender(
                    "layerlab export (a tar)",
                    lambda: [self.ll("export", "-o", exported, "exported", store=ours)],
                    self.fresh(exported),
                ),
                Contender("umoci unpack (a folder)", lambda: [umoci_unpack], self.fresh(bundle)),
                1.0,
            )
        )

        archive = self.path(label + "-docker.tar")
        run_quietly(["skopeo", "copy", f"oci:{oci}:v1", f"docker-archive:{archive}:bench/{label}:v1"])
        loaded = self.path(label + "-loaded")
        loaded_oci = self.path(label + "-loaded-oci")
        self.comparisons.append(
            Comparison(
                f"load {label} (a docker-archive)",
                Contender("layerlab load (layers unpacked)", lambda: [self.ll("load", "-i", archive, store=loaded)], self.fresh(loaded)),
                Contender(
                    "skopeo copy docker-archive: oci:",
                    lambda: [["skopeo", "copy", f"docker-archive:{archive}", f"oci:{loaded_oci}:v1"]],
                    self.fresh(loaded_oci),
                ),
                None,
                "layerlab unpacks every layer into its store as `docker load` does; skopeo only copies blobs",
            )
        )
        saved = self.path(label + "-saved.tar")
        self.comparisons.append(
            Comparison(
                f"save {label} (a docker-archive)",
                Contender("layerlab save", lambda: [self.ll("save", "-o", saved, reference, store=ours)], self.fresh(saved)),
                Contender(
                    "skopeo copy oci: docker-archive:",
                    lambda: [["skopeo", "copy", f"oci:{oci}:v1", f"docker-archive:{saved}:bench/{label}:v1"]],
                    self.fresh(saved),
                ),
                None,
            )
        )

    def build_comparisons(self) -> None:
        context = self.path("build-context")
        os.makedirs(context, exist_ok=True)
        with open(os.path.join(context, "app.conf"), "w") as file:
            file.write("listen 8080\n" * 100)
        steps = [
            "FROM bench/base:v1",
            "ENV APP=/srv/app LEVEL=3",
            "WORKDIR /srv/app",
            "COPY app.conf ./",
            "RUN mkdir -p data logs && echo ready > data/state",
            "RUN echo line 1 >> logs/boot.log && echo line 2 >> logs/boot.log",
            "RUN cp app.conf app.conf.default && printf '%s\\n' conf > data/kind",
            "ARG VERSION=1.0",
            "LABEL version=$VERSION",
            'CMD ["cat", "/srv/app/data/state"]',
        ]
        with open(os.path.join(context, "Dockerfile"), "w") as file:
            file.write("\n".join(steps) + "\n")
        # The built-in shell runs a RUN line when the image has /bin/sh, as busybox's applets.
        base = self.path("base-tree")
        os.makedirs(os.path.join(base, "bin"))
        shutil.copy("/bin/busybox", os.path.join(base, "bin", "busybox"))
        for applet in ["sh", "mkdir", "echo", "cp", "printf", "cat"]:
            os.symlink("busybox", os.path.join(base, "bin", applet))
        base_tar = self.path("base.tar")
        with tarfile.open(base_tar, "w") as tar:
            tar.add(base, arcname=".")
        store = self.path("build-store")

        def fresh_store() -> None:
            self.fresh(store)()
            run_quietly(self.ll("import", base_tar, "bench/base:v1", store=store))

        build = lambda: [self.ll("build", "-t", "bench/app:v1", context, store=store)]
        cold = Contender("cold (empty cache)", build, fresh_store)
        cached = Contender("fully cached (every step Using cache)", build)
        for _ in range(self.rounds):
            fresh_store()
            cold.samples.append(run_timed(build()))
            cached.samples.append(run_timed(build()))
        self.absolutes.append(("build of 10 steps with the built-in shell", cold, "< 1 s"))
        self.absolutes.append(("build of 10 steps with the built-in shell", cached, "< 0.15 s"))

    def memory_check(self) -> None:
        """Peak memory pulling one layer of --big-layer-mib MiB: blobs must stream."""
        layout = make_image(self.work, "huge", big_layers(self.big_layer_mib, 1, seed=7, file_mib=16))
        reference = self.publish(layout, "bench/huge")
        shutil.rmtree(layout)
        store = self.path("huge-store")
        sample = run_timed([self.ll("pull", reference, store=store)])
        self.fresh(store)()
        self.memory = (self.big_layer_mib * MIB, sample.peak_rss)

    def render_check(self, bench_binary: str) -> None:
        if os.access(bench_binary, os.X_OK):
            self.render = run_quietly([bench_binary, "1000", "5000"])

    def run(self, only: set[str], bench_binary: str) -> None:
        self.source.start()
        self.sink.start()
        try:
            if not only or "big" in only:
                print("bench: making an image of 200 MiB in 5 layers", file=sys.stderr)
                layout = make_image(self.work, "big", big_layers(200, 5, seed=1))
                self.transfer_comparisons("big", layout, self.publish(layout, "bench/big"))
            if not only or "small" in only:
                print("bench: making an image of 20 layers of 2,000 small files each", file=sys.stderr)
                layout = make_image(self.work, "small", small_file_layers(20, 2000, seed=2))
                self.transfer_comparisons("small", layout, self.publish(layout, "bench/small"))
            for comparison in self.comparisons:
                print(f"bench: {comparison.name}", file=sys.stderr)
                comparison.measure(self.rounds)
            if not only or "build" in only:
                print("bench: the 10-step build", file=sys.stderr)
                self.build_comparisons()
            if not only or "memory" in only:
                print(f"bench: peak memory pulling a layer of {self.big_layer_mib} MiB", file=sys.stderr)
                self.memory_check()
            if not only or "render" in only:
                print("bench: the layer graph of 1,000 images", file=sys.stderr)
                self.render_check(bench_binary)
        finally:
            self.source.stop()
            self.sink.stop()


# --- the report ---------------------------------------------------------------------------------


def machine() -> list[str]:
    model = "unknown"
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as meminfo:
        memory_kib = int(meminfo.readline().split()[1])

    def version(command: list[str]) -> str:
        try:
            done = subprocess.run(command, capture_output=True, text=True)
            return (done.stdout or done.stderr).strip().splitlines()[0]
        except (OSError, IndexError):
            return "not found"

    return [
        f"- {platform.system()} {platform.release()} on {platform.machine()}, {os.cpu_count()} cores ({model}), "
        f"{memory_kib // 1024 // 1024} GiB",
        f"- {version(['swift', '--version'])}",
        f"- {version(['skopeo', '--version'])}; {version(['umoci', '--version'])}; "
        f"{version(['/usr/bin/docker-registry', '--version'])}; {version(['dot', '-V'])}",
    ]


def seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def verdict(ratio: float, target: Optional[float]) -> str:
    if target is None:
        return "(no target)"
    return f"{'met' if ratio <= target else 'NOT met'} (≤ {target:.2f}×)"


def report(suite: Suite, command: str) -> str:
    lines = [
        "# layerlab beside its peers",
        "",
        f"Written by `{command}` on {time.strftime('%Y-%m-%d')}: medians of {suite.rounds} rounds, the two",
        "contenders alternating which goes first. Peak memory is the largest resident set of the",
        "contender's own processes. Regenerate with `make bench`.",
        "",
        "## Machine",
        "",
        *machine(),
        "",
        "## Side by side",
        "",
        "| what | layerlab | peer | ratio | target |",
        "|---|---|---|---|---|",
    ]
    for comparison in suite.comparisons:
        ours, peer = comparison.ours, comparison.peer
        lines.append(
            f"| {comparison.name} | {ours.name}: {seconds(ours.median)}, {ours.peak_rss // MIB} MiB "
            f"| {peer.name}: {seconds(peer.median)}, {peer.peak_rss // MIB} MiB "
            f"| {comparison.ratio:.2f}× | {verdict(comparison.ratio, comparison.target)} |"
        )
    notes = [f"- {comparison.name}: {comparison.note}" for comparison in suite.comparisons if comparison.note]
    if notes:
        lines += ["", *notes]
    if suite.absolutes:
        lines += ["", "## Alone", "", "| what | median | goal |", "|---|---|---|"]
        for name, contender, goal in suite.absolutes:
            lines.append(f"| {name}, {contender.name} | {seconds(contender.median)} | {goal} |")
    if suite.memory:
        size, peak = suite.memory
        lines += [
            "",
            "## Memory",
            "",
            f"Pulling an image whose one layer holds {size // MIB} MiB: peak resident set "
            f"{peak / MIB:.1f} MiB (goal: under 64 MiB).",
        ]
    if suite.render:
        lines += ["", "## The layer graph of 1,000 images and 5,000 layers", "", "```", suite.render.strip(), "```"]
    lines += [
        "",
        "## Commands",
        "",
        "- pull: `layerlab pull REF --root STORE` against",
        "  `skopeo copy docker://REF oci:DIR:v1 && umoci unpack --image DIR:v1 BUNDLE`",
        "- push: `layerlab push REF` against `skopeo copy oci:DIR:v1 docker://REF`, to a registry emptied",
        "  before every round",
        "- export: `layerlab export -o FILE CONTAINER` against `umoci unpack --image DIR:v1 BUNDLE`",
        "- load and save: `layerlab load -i` / `save -o` against `skopeo copy docker-archive:… oci:…` and back",
        "- images: made by `umoci raw add-layer` from generated files (half random bytes, half text), pushed",
        "  to the registry by skopeo",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("layerlab")
    parser.add_argument("--bench-binary", default="", help="layerlab-bench, for the layer graph's timing")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", default="", help="big, small, build, memory, render (comma-separated)")
    parser.add_argument("--results", default="", help="where to write the Markdown report")
    parser.add_argument("--big-layer-mib", type=int, default=1024)
    parser.add_argument("--keep", action="store_true", help="keep the work folder and print its path")
    arguments = parser.parse_args()

    layerlab = os.path.realpath(arguments.layerlab)
    work = tempfile.mkdtemp(prefix="layerlab-bench-")
    try:
        suite = Suite(layerlab, work, arguments.rounds, arguments.big_layer_mib)
        only = {name for name in arguments.only.split(",") if name}
        suite.run(only, os.path.realpath(arguments.bench_binary) if arguments.bench_binary else "")
        text = report(suite, " ".join(["scripts/bench.py", *sys.argv[1:]]))
        print(text)
        if arguments.results:
            with open(arguments.results, "w") as file:
                file.write(text)
    finally:
        if arguments.keep:
            print(f"bench: kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
