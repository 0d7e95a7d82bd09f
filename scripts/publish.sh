#!/usr/bin/env bash
# Builds `coffer` as one self-contained file that runs on a glibc Linux machine without .NET.
#
# Usage: scripts/publish.sh [RID] [--output DIR] [--artifacts DIR] [-- DOTNET_PUBLISH_ARGS...]
#
#   RID              linux-x64 or linux-arm64; default: this machine's architecture
#   --output DIR     where `coffer` goes; default: dist/RID
#   --artifacts DIR  dotnet's intermediate and build output; default: artifacts/publish/RID. Kept apart
#                    from src/*/bin and obj, so a publish never races a build or test run of the same
#                    checkout, and a second publish of the same RID is incremental
#   -- ARGS          passed on to `dotnet publish` as they are (e.g. --disable-build-servers)
#
# It gives the same file as this plain command (the properties are in src/Server/Server.csproj), which
# builds in src/*/bin and obj instead:
#   dotnet publish src/Server -c Release -r linux-x64 -p:PublishSingleFile=true -o dist/linux-x64
#
# The file is all there is to install: `install -m 0755 dist/linux-x64/coffer /usr/local/bin/coffer`.
# On its first start it extracts libe_sqlite3.so to $DOTNET_BUNDLE_EXTRACT_BASE_DIR, else $HOME/.net,
# which must be writable by the user running it.
set -euo pipefail

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; }

repo=$(cd "$(dirname "$0")/.." && pwd)

rid=""
output=""
artifacts=""
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --output) output=${2:?--output needs a directory}; shift 2 ;;
    --artifacts) artifacts=${2:?--artifacts needs a directory}; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    -*) echo "publish.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *)
      if [ -n "$rid" ]; then echo "publish.sh: one RID only, got $rid and $1" >&2; exit 2; fi
      rid=$1; shift ;;
  esac
done

if [ -z "$rid" ]; then
  case "$(uname -m)" in
    x86_64) rid=linux-x64 ;;
    aarch64|arm64) rid=linux-arm64 ;;
    *) echo "publish.sh: no default RID for $(uname -m); name linux-x64 or linux-arm64" >&2; exit 2 ;;
  esac
fi
case "$rid" in
  linux-x64|linux-arm64) ;;
  *) echo "publish.sh: RID $rid is not one Coffer is published for (linux-x64, linux-arm64)" >&2; exit 2 ;;
esac

output=${output:-$repo/dist/$rid}
artifacts=${artifacts:-$repo/artifacts/publish/$rid}

dotnet publish "$repo/src/Server/Server.csproj" \
  --configuration Release \
  --runtime "$rid" \
  -p:PublishSingleFile=true \
  --artifacts-path "$artifacts" \
  --output "$output" \
  ${extra[@]+"${extra[@]}"}

echo "published $output/coffer ($rid, $(du -m "$output/coffer" | cut -f1) MB)"
