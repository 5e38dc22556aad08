# IronLB developer entry points. `make lab` and `make test` are the contract (see README.md);
# both do their own set-up on a fresh Debian machine (run as root).
SHELL := /bin/bash
MVN := ./mvnw -B -ntp

.PHONY: lab lab-down lab-drill lab-drill-bgp lab-bench-forwarder test build setup bench crds fmt clean

## lab: build everything and run the lab (network namespaces, API server, controller, a speaker per
## node, samples), ending in curl from the client to the external IP; leaves it running.
## NODES=N sets the number of nodes (default 3); APISERVER=real runs a real kube-apiserver + etcd
## (built once per machine by bin/ensure-apiserver) instead of the embedded one.
## MODE=bgp (default l2) puts a router namespace between the client and the nodes, running
## ROUTER=frr (default), bird or gobgp, which peers with every node's speaker over BGP.
## TRANSPORT=epoll|io_uring|nio (default auto: epoll) is the speakers' forwarder transport.
NODES ?= 3
APISERVER ?= embedded
MODE ?= l2
ROUTER ?= frr
TRANSPORT ?= auto
lab: setup
	IRONLB_LAB_NODES=$(NODES) APISERVER=$(APISERVER) IRONLB_LAB_MODE=$(MODE) IRONLB_LAB_ROUTER=$(ROUTER) IRONLB_LAB_FORWARDER_TRANSPORT=$(TRANSPORT) bin/lab up

## lab-drill: the layer-2 failover drill against the running lab
lab-drill:
	bin/lab-drill

## lab-drill-bgp: the BGP drills (node failure with and without BFD, Service-to-RIB latency)
## against a lab running in bgp mode (make lab MODE=bgp)
lab-drill-bgp:
	bin/lab-drill-bgp

## lab-bench-forwarder: the forwarder benchmark through the running layer-2 lab (client -> bridge ->
## the VIP's owner -> its NodePort): the owner speaker's forwarder (ipMode: Proxy) against HAProxy 2.6
## and nftables DNAT on the same node and backend; root, ~7 min, prints a table (bin/lab-bench-forwarder)
lab-bench-forwarder:
	bin/lab-bench-forwarder

## lab-down: stop everything the lab started and remove its state
lab-down:
	bin/lab down

## test: the whole test suite (unit, reconciler, CRD drift, lab API server with a real kubectl,
## and *IT tests against a real kube-apiserver + etcd built from source by bin/ensure-apiserver)
test: setup
	IRONLB_KUBECTL="$$(bin/ensure-kubectl)" KUBE_API_TEST_DIR="$$(bin/ensure-apiserver)" IRONLB_HELM="$$(bin/ensure-helm)" $(MVN) verify

## build: compile and package every module, no tests
build: setup
	$(MVN) -q -DskipTests install

## setup: install the OS packages the build and the lab need (idempotent)
setup:
	bin/setup

## bench: allocation benchmark against the embedded API server (5,000 Services)
bench: build
	bin/bench-allocation

## bench-forwarder: the forwarder (ipMode: Proxy; io_uring and epoll) against HAProxy 2.6 (mode tcp) and nftables DNAT,
## wrk and iperf3, in its own namespaces (ilb-fb-*) on 198.18.0.0/15; root, ~10 min, prints a table.
## DURATION, RUNS, WARMUP, WORKERS: see the script's header.
.PHONY: bench-forwarder
bench-forwarder:
	bin/bench-forwarder

## crds: regenerate config/crds/ from the Java model in api-crds
crds:
	bin/update-crds

## fmt: format all Java sources (the build fails on unformatted code)
fmt:
	$(MVN) -q spotless:apply

clean:
	$(MVN) -q clean
