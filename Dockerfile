# Coffer in a container: the self-contained single-file `coffer` from scripts/publish.sh, on a base image
# that holds only the native libraries .NET needs (glibc, OpenSSL, ...), not .NET itself.
#
#   docker build -t coffer .
#   docker run -d --name coffer -p 9000:9000 -v coffer-data:/data --stop-timeout 40 \
#     -e COFFER_ROOT_USER=admin -e COFFER_ROOT_PASSWORD='a long secret' coffer
#
# --stop-timeout 40: on SIGTERM the server lets requests in flight finish for up to 30 s; docker's
# default of 10 s would SIGKILL it in the middle (that loses no acknowledged write, but fails uploads).

# The SDK stage runs on the builder's own platform and publishes for the image's: a cross-RID
# publish needs no emulation, so an arm64 image builds at native speed on an x64 machine.
# global.json asks for SDK 10.0.401 or a later feature band; the 10.0 tag carries the newest.
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TARGETARCH
WORKDIR /src
COPY . .
RUN case "${TARGETARCH:-}" in \
      amd64) rid=linux-x64 ;; \
      arm64) rid=linux-arm64 ;; \
      "") rid="" ;; \
      *) echo "Coffer is published for amd64 and arm64, not $TARGETARCH" >&2; exit 1 ;; \
    esac \
 && bash scripts/publish.sh $rid --output /out

FROM mcr.microsoft.com/dotnet/runtime-deps:10.0

# curl only for the HEALTHCHECK below: the base image has neither curl nor wget, and Coffer has no
# health command of its own yet.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*

COPY --from=build /out/coffer /usr/local/bin/coffer

# The base image's non-root user `app` (uid $APP_UID, 1654) owns the data. /data is made before
# VOLUME so that a new named volume starts out with this owner and mode; 0700 is what the server
# would otherwise tighten it to, with a warning, on its first start.
RUN install -d -m 0700 -o "$APP_UID" -g "$APP_UID" /data
VOLUME /data
USER $APP_UID

# The file extracts libe_sqlite3.so under here on its first start (and again if it is gone); the default
# would be the same, $HOME/.net, but set, it is visible. It must be writable: with `docker run --read-only`,
# mount a tmpfs on it.
ENV DOTNET_BUNDLE_EXTRACT_BASE_DIR=/home/app/.net

EXPOSE 9000

# Any HTTP answer means the server is up: an unsigned GET / gets 403 AccessDenied, and curl without
# --fail exits 0 on it. Only a refused or hung connection fails the check.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD curl --silent --output /dev/null --max-time 4 http://127.0.0.1:9000/ || exit 1

# `docker run IMAGE admin info --endpoint ...` runs the other commands from the same image.
# Settings as variables rather than flags, so that `docker run -e COFFER_...` can change any of them.
ENV COFFER_DATA=/data COFFER_ADDRESS=0.0.0.0:9000
ENTRYPOINT ["coffer"]
CMD ["server"]
