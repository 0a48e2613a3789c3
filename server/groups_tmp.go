package server

