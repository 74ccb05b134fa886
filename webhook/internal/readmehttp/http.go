// Package http stands in for net/http in webhook's TestReadmeReceiver, so
// that the README's receiver runs word for word: its Server serves on a
// loopback port the test picks, not on the address the README gives.
package http

import nethttp "net/http"

// Server is net/http's Server with ListenAndServe handed to [Serve].
type Server nethttp.Server

// Serve serves s for the test, in place of ListenAndServe.
var Serve func(s *nethttp.Server) error

// ListenAndServe calls [Serve].
func (s *Server) ListenAndServe() error { return Serve((*nethttp.Server)(s)) }

// NewServeMux is net/http's.
func NewServeMux() *nethttp.ServeMux { return nethttp.NewServeMux() }
