# syntax=docker/dockerfile:1
# Build:  docker build -t aeon .
# Run:    docker run -p 6379:6379 aeon            (extra args are appended: docker run aeon --maxclients 1000)

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /aeon . && mkdir /data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /aeon /aeon
COPY config.json /etc/aeon/config.json
COPY --from=build --chown=65532:65532 /data /data
WORKDIR /data
VOLUME /data
EXPOSE 6379
# Listen on all interfaces; like the official redis image, protected mode is off
# because the container network is the boundary (set requirepass for more).
ENTRYPOINT ["/aeon", "/etc/aeon/config.json", "--bind", "0.0.0.0", "-::", "--protected-mode", "no", "--dir", "/data"]
