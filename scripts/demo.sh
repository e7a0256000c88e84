#!/usr/bin/env bash
# The scripted tour `make demo` runs after the guided lessons: what the lessons leave out (save and
# load, the kernel's overlayfs as root, the modern builder, every diagram from one long trace). Every
# step is a real layerlab command on a fresh store; the transcript and trace go to Output/tour/.
set -euo pipefail

bin=$(realpath "${1:-.build/debug/layerlab}")
out=$(realpath -m Output/tour)
rm -rf "$out"
mkdir -p "$out"
work=$(mktemp -d)
registry_pid=""
trap '[ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null; rm -rf "$work"' EXIT

export LAYERLAB_ROOT="$work/store"
export SOURCE_DATE_EPOCH=1700000000
trace="$out/trace.jsonl"
transcript="$out/transcript.txt"

step() {
  { printf '\n$ layerlab'; printf ' %q' "$@"; printf '\n'; } | tee -a "$transcript"
  "$bin" "$@" --trace "$work/step.jsonl" 2>&1 | tee -a "$transcript" || true
  cat "$work/step.jsonl" >>"$trace"
}

say() { printf '\n# %s\n' "$*" | tee -a "$transcript"; }

# A tiny root filesystem: the host's static busybox with a few applet links.
rootfs="$work/rootfs"
mkdir -p "$rootfs/bin" "$rootfs/etc"
busybox=$(command -v busybox || echo /bin/busybox)
cp "$busybox" "$rootfs/bin/busybox"
for applet in sh ls cat echo rm mkdir touch; do ln -s busybox "$rootfs/bin/$applet"; done
printf 'NAME="layerlab tour"\n' >"$rootfs/etc/os-release"
# Fixed times and owners: the same tour gives the same image IDs on every machine.
find "$rootfs" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
tar -C "$rootfs" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" -cf - . |
  gzip -n >"$work/rootfs.tar.gz"
cd "$work"

say "1. import: a tarball becomes a one-layer image (like docker import)"
step import rootfs.tar.gz tour/base:1.0
say "2. the same tarball again: a new image (new config), but its layer already exists and is shared"
step import -m "same files, new image" rootfs.tar.gz tour/copy:1.0
say "3. a folder works too; its tar differs from GNU tar's (owners, names), so it is a layer of its own"
step import rootfs tour/folder:1.0
step system df -v
say "   the layer graph: tags → images → layers; the shared layer is highlighted"
step graph -o "$out/layers.svg"
say "4. tag: one image, a second name (the course's 镜像重命名)"
step tag tour/base:1.0 learn/base:latest
say "5. images: REPOSITORY TAG IMAGE ID CREATED SIZE"
step images
step history tour/base:1.0
id=$("$bin" images -q tour/base:1.0 2>/dev/null | head -n 1 || true)
[ -n "$id" ] || id=$("$bin" images -q | head -n 1)
say "6. rmi by ID fails while the image has names in two repositories (Docker: must be forced)"
step rmi "$id"
say "7. rmi by name only untags while another name remains"
step rmi learn/base:latest
say "8. the last name goes: the image and its now unused layer are deleted; the shared layer stays"
step rmi tour/copy:1.0
step images
say "9. save writes what docker save writes (an OCI layout + manifest.json); load reads it back"
step save -o tour-base.tar tour/base:1.0
step rmi tour/base:1.0
step load -i tour-base.tar
step images

say "10. a container: its own read-write layer on top of the image's layers (copy-up, whiteouts)."
say "    The default runtime is layerlab's built-in shell: it needs no root and gives the same layer every time"
step run --name web tour/base:1.0 sh -c 'echo hello > /hello; rm /etc/os-release; mkdir -p /srv/www && echo hi > /srv/www/index.html'
step diff web
step rmi tour/base:1.0
say "11. commit: the container's layer becomes a new image layer on top of the base"
step commit -m "add /hello and a site, remove os-release" web tour/hello:1.0
step history tour/hello:1.0
step analyze tour/hello:1.0
"$bin" analyze tour/hello:1.0 --trace "$work/union.jsonl" >/dev/null
"$bin" render "$work/union.jsonl" --kind union -o "$out/union.svg"
"$bin" graph -a -o "$out/layers-after-commit.svg"
step rm web
if [ "$(id -u)" = 0 ] && grep -qw overlay /proc/filesystems; then
  say "11b. the same with the kernel: overlayfs mounts the layers and busybox's own sh runs (--runtime overlay)"
  step run --runtime overlay --name kernel tour/base:1.0 sh -c 'echo hello > /hello; rm /etc/os-release; ls /bin'
  step diff kernel
  step rm kernel
else
  say "11b. --runtime overlay (the kernel's overlayfs and busybox's own sh) needs root: skipped"
fi

say "12. build: a Dockerfile, step by step. The classic builder commits an image per step; RUN and COPY add layers"
mkdir -p app/site
printf '<h1>layerlab</h1>\n' >app/site/index.html
printf 'notes.txt\n' >app/.dockerignore
printf 'not sent to the builder\n' >app/notes.txt
cat >app/Dockerfile <<'DOCKERFILE'
FROM tour/base:1.0
ENV SITE=/srv/site
WORKDIR $SITE
COPY site/ ./
RUN echo "built by layerlab" > built.txt && rm /etc/os-release
CMD ["cat", "/srv/site/index.html"]
DOCKERFILE
{ printf '\n$ layerlab dockerfile parse app/Dockerfile\n'; "$bin" dockerfile parse app/Dockerfile; } | tee -a "$transcript"
step build -t tour/site:1.0 app
"$bin" render "$work/step.jsonl" --kind build -o "$out/build.svg"
step history tour/site:1.0
say "    a second image from the same base: its first steps come from the cache, and the two share those layers"
mkdir -p api
sed -e 's|COPY site/ ./|COPY site/ ./\nRUN echo "api" > kind.txt|' app/Dockerfile >api/Dockerfile
cp -r app/site api/
step build -t tour/api:1.0 api
"$bin" render "$work/step.jsonl" --kind build -o "$out/build-cached.svg"
step images -a
step system df -v
"$bin" graph tour/site:1.0 tour/api:1.0 -o "$out/layers-after-build.svg"
say "13. the modern builder (as BuildKit): only the final image is kept, no intermediate images"
step build --builder modern -t tour/site:modern app
step history tour/site:modern

say "14. layerlab's own registry, on a free loopback port, with Docker Hub's token flow: log in, push, then pull back; shared layers say Already exists"
export DOCKER_CONFIG="$work/docker-config"
printf 'tour:sha256:%s\n' "$(printf %s tour-password | sha256sum | cut -d' ' -f1)" >"$work/users"
"$bin" registry serve --addr 127.0.0.1:0 --root "$work/registry" --auth token --users "$work/users" >"$work/registry.log" 2>&1 &
registry_pid=$!
for _ in $(seq 50); do grep -q listening "$work/registry.log" && break; sleep 0.1; done
port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$work/registry.log")
registry="127.0.0.1:$port"
printf '\n$ printf %%s tour-password | layerlab login -u tour --password-stdin %s\n' "$registry" | tee -a "$transcript"
printf %s tour-password | "$bin" login -u tour --password-stdin "$registry" | tee -a "$transcript"
step tag tour/base:1.0 "$registry/tour/base:1.0"
step push "$registry/tour/base:1.0"
if "$bin" images -q tour/hello:1.0 | grep -q .; then
  step tag tour/hello:1.0 "$registry/tour/hello:1.0"
  step push "$registry/tour/hello:1.0"
  cp "$work/step.jsonl" "$work/push.jsonl"
  "$bin" rmi "$registry/tour/hello:1.0" tour/hello:1.0 >/dev/null
  printf '\n$ layerlab logout %s\n' "$registry" | tee -a "$transcript"
  "$bin" logout "$registry" | tee -a "$transcript" # the pull below is anonymous: a pull-only token
  step pull "$registry/tour/hello:1.0"
  cp "$work/step.jsonl" "$work/pull.jsonl"
  "$bin" render "$work/pull.jsonl" --kind transfer -o "$out/pull.svg"
  # The same push and pull on the wire: the 401, the token, then one request per blob.
  cat "$work/push.jsonl" "$work/pull.jsonl" >"$work/wire.jsonl"
  "$bin" render "$work/wire.jsonl" --kind http -o "$out/http.svg"
  "$bin" explain "$work/pull.jsonl" --lang en | tee -a "$transcript"
  "$bin" explain "$work/pull.jsonl" --lang zh | tee -a "$transcript"
fi
step search "$registry/tour"

say "15. why rmi refuses, drawn and explained (English, then Chinese)"
"$bin" tag tour/base:1.0 mirror/base:1.0
base=$("$bin" images -q tour/base:1.0 | head -n 1)
"$bin" rmi "$base" --trace "$work/rmi.jsonl" 2>/dev/null || true
"$bin" render "$work/rmi.jsonl" --kind rmi -o "$out/rmi.svg"
"$bin" explain "$work/rmi.jsonl" --lang en | tee -a "$transcript"
"$bin" explain "$work/rmi.jsonl" --lang zh | tee -a "$transcript"

say "16. every step above was traced; here is the trace, replayed"
"$bin" trace show "$trace" | tee "$out/trace.txt"
"$bin" render "$trace" --kind layers -o "$out/layers-from-trace.svg"

echo
echo "Tour done: transcript in $transcript, trace in $trace ($(wc -l <"$trace") events)."
