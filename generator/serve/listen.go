package serve

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"syscall"
	"time"
)

// portTries is how many ports past the default Listen tries when the
// default is busy.
const portTries = 100

// Listen opens a TCP listener on bind:port. When that port is busy and the
// user did not ask for it (portGiven false), it takes the next free one, as
// hugo server does; the caller can tell from URL and say so.
func Listen(bind string, port int, portGiven bool) (net.Listener, error) {
	for p := port; ; p++ {
		ln, err := net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(p)))
		if err == nil {
			return ln, nil
		}
		if portGiven || port == 0 || !errors.Is(err, syscall.EADDRINUSE) || p >= port+portTries || p >= 65535 {
			return nil, fmt.Errorf("listen on %s: %w", net.JoinHostPort(bind, strconv.Itoa(p)), err)
		}
	}
}

// URL returns the address pages are served at: "http://host:port/". A
// wildcard bind (0.0.0.0, ::) is shown as localhost, which the browser on
// this machine can open.
func URL(ln net.Listener) string {
	addr, ok := ln.Addr().(*net.TCPAddr)
	if !ok {
		return "http://" + ln.Addr().String() + "/"
	}
	host := addr.IP.String()
	if addr.IP.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, strconv.Itoa(addr.Port)) + "/"
}

// Serve serves s on ln until ctx is done, then closes the event streams
// and shuts the HTTP server down. It returns nil after a clean stop.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		s.Close()
		return err
	case <-ctx.Done():
	}
	s.Close()
	shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		srv.Close()
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
