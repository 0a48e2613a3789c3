package server

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// sortTestCases were recorded from redis-server 7.0.15 after sortSetupCmds.
// An empty reply is not checked (HELLO, whose id differs).
var sortTestCases = []struct {
	args  []string
	reply string
}{
	{[]string{"sort", "l"}, "*6\r\n$2\r\n-5\r\n$1\r\n1\r\n$1\r\n2\r\n$3\r\n2.5\r\n$1\r\n3\r\n$2\r\n10\r\n"},
	{[]string{"sort", "l", "desc"}, "*6\r\n$2\r\n10\r\n$1\r\n3\r\n$3\r\n2.5\r\n$1\r\n2\r\n$1\r\n1\r\n$2\r\n-5\r\n"},
	{[]string{"sort", "l", "limit", "1", "3"}, "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$3\r\n2.5\r\n"},
	{[]string{"sort", "l", "limit", "2", "-1"}, "*4\r\n$1\r\n2\r\n$3\r\n2.5\r\n$1\r\n3\r\n$2\r\n10\r\n"},
	{[]string{"sort", "l", "limit", "-5", "2"}, "*2\r\n$2\r\n-5\r\n$1\r\n1\r\n"},
	{[]string{"sort", "l", "limit", "4", "100"}, "*2\r\n$1\r\n3\r\n$2\r\n10\r\n"},
	{[]string{"sort", "l", "limit", "6", "1"}, "*0\r\n"},
	{[]string{"sort", "l", "limit", "0", "0"}, "*0\r\n"},
	{[]string{"sort", "l", "desc", "limit", "1", "2"}, "*2\r\n$1\r\n3\r\n$3\r\n2.5\r\n"},
	{[]string{"sort", "l", "by", "w_*"}, "*6\r\n$2\r\n10\r\n$1\r\n2\r\n$3\r\n2.5\r\n$1\r\n1\r\n$1\r\n3\r\n$2\r\n-5\r\n"},
	{[]string{"sort", "l", "by", "w_*", "desc"}, "*6\r\n$2\r\n-5\r\n$1\r\n3\r\n$1\r\n1\r\n$3\r\n2.5\r\n$1\r\n2\r\n$2\r\n10\r\n"},
	{[]string{"sort", "l", "by", "w_*", "get", "o_*", "get", "#"}, "*12\r\n$3\r\nten\r\n$2\r\n10\r\n$3\r\ntwo\r\n$1\r\n2\r\n$-1\r\n$3\r\n2.5\r\n$3\r\none\r\n$1\r\n1\r\n$5\r\nthree\r\n$1\r\n3\r\n$-1\r\n$2\r\n-5\r\n"},
	{[]string{"sort", "l", "by", "w_*", "get", "o_*", "get", "#", "limit", "1", "2"}, "*4\r\n$3\r\ntwo\r\n$1\r\n2\r\n$-1\r\n$3\r\n2.5\r\n"},
	{[]string{"sort", "l", "by", "nosort"}, "*6\r\n$1\r\n3\r\n$1\r\n1\r\n$1\r\n2\r\n$2\r\n10\r\n$2\r\n-5\r\n$3\r\n2.5\r\n"},
	{[]string{"sort", "l", "by", "nosort", "desc"}, "*6\r\n$3\r\n2.5\r\n$2\r\n-5\r\n$2\r\n10\r\n$1\r\n2\r\n$1\r\n1\r\n$1\r\n3\r\n"},
	{[]string{"sort", "l", "by", "nosort", "limit", "1", "2"}, "*2\r\n$1\r\n1\r\n$1\r\n2\r\n"},
	{[]string{"sort", "l", "by", "nosort", "desc", "limit", "1", "2"}, "*2\r\n$2\r\n-5\r\n$2\r\n10\r\n"},
	{[]string{"sort", "l", "by", "nosort", "limit", "10", "2"}, "*0\r\n"},
	{[]string{"sort", "l", "by", "nosort", "limit", "6", "2"}, "*0\r\n"},
	{[]string{"sort", "l", "by", "nosort", "get", "o_*", "get", "#"}, "*12\r\n$5\r\nthree\r\n$1\r\n3\r\n$3\r\none\r\n$1\r\n1\r\n$3\r\ntwo\r\n$1\r\n2\r\n$3\r\nten\r\n$2\r\n10\r\n$-1\r\n$2\r\n-5\r\n$-1\r\n$3\r\n2.5\r\n"},
	{[]string{"sort", "l", "get", "o_*"}, "*6\r\n$-1\r\n$3\r\none\r\n$3\r\ntwo\r\n$-1\r\n$5\r\nthree\r\n$3\r\nten\r\n"},
	{[]string{"sort", "l", "get", "nostar"}, "*6\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n"},
	{[]string{"sort", "l", "get", "o_*_*"}, "*6\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n$4\r\nstar\r\n$-1\r\n"},
	{[]string{"sort", "l", "get", "*"}, "*6\r\n$-1\r\n$7\r\nkey-one\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n"},
	{[]string{"sort", "l", "get", "#"}, "*6\r\n$2\r\n-5\r\n$1\r\n1\r\n$1\r\n2\r\n$3\r\n2.5\r\n$1\r\n3\r\n$2\r\n10\r\n"},
	{[]string{"sort", "la", "alpha"}, "*6\r\n$0\r\n\r\n$1\r\nB\r\n$1\r\na\r\n$2\r\naa\r\n$1\r\nb\r\n$3\r\nc d\r\n"},
	{[]string{"sort", "la", "alpha", "desc"}, "*6\r\n$3\r\nc d\r\n$1\r\nb\r\n$2\r\naa\r\n$1\r\na\r\n$1\r\nB\r\n$0\r\n\r\n"},
	{[]string{"sort", "la"}, "-ERR One or more scores can't be converted into double\r\n"},
	{[]string{"sort", "la", "by", "nosort", "alpha", "desc", "limit", "1", "3"}, "*3\r\n$2\r\naa\r\n$1\r\nB\r\n$3\r\nc d\r\n"},
	{[]string{"sort", "la", "ALPHA", "DESC", "asc"}, "*6\r\n$0\r\n\r\n$1\r\nB\r\n$1\r\na\r\n$2\r\naa\r\n$1\r\nb\r\n$3\r\nc d\r\n"},
	{[]string{"sort", "si"}, "*4\r\n$1\r\n1\r\n$1\r\n3\r\n$1\r\n5\r\n$1\r\n9\r\n"},
	{[]string{"sort", "si", "desc"}, "*4\r\n$1\r\n9\r\n$1\r\n5\r\n$1\r\n3\r\n$1\r\n1\r\n"},
	{[]string{"sort", "si", "by", "nosort"}, "*4\r\n$1\r\n1\r\n$1\r\n3\r\n$1\r\n5\r\n$1\r\n9\r\n"},
	{[]string{"sort", "si", "by", "nosort", "desc", "limit", "1", "2"}, "*2\r\n$1\r\n3\r\n$1\r\n5\r\n"},
	{[]string{"sort", "ss", "alpha"}, "*4\r\n$2\r\n10\r\n$5\r\napple\r\n$3\r\nfig\r\n$4\r\npear\r\n"},
	{[]string{"sort", "ss", "alpha", "desc"}, "*4\r\n$4\r\npear\r\n$3\r\nfig\r\n$5\r\napple\r\n$2\r\n10\r\n"},
	{[]string{"sort", "ss"}, "-ERR One or more scores can't be converted into double\r\n"},
	{[]string{"sort", "ss", "by", "nosort", "store", "dst"}, ":4\r\n"},
	{[]string{"lrange", "dst", "0", "-1"}, "*4\r\n$2\r\n10\r\n$5\r\napple\r\n$3\r\nfig\r\n$4\r\npear\r\n"},
	{[]string{"sort", "si", "by", "nosort", "store", "dst"}, ":4\r\n"},
	{[]string{"lrange", "dst", "0", "-1"}, "*4\r\n$1\r\n1\r\n$1\r\n3\r\n$1\r\n5\r\n$1\r\n9\r\n"},
	{[]string{"object", "encoding", "z"}, "$8\r\nlistpack\r\n"},
	{[]string{"sort", "z", "alpha"}, "*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n"},
	{[]string{"object", "encoding", "z"}, "$8\r\nskiplist\r\n"},
	{[]string{"sort", "z", "by", "nosort"}, "*5\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\na\r\n$1\r\ne\r\n$1\r\nd\r\n"},
	{[]string{"sort", "z", "by", "nosort", "desc"}, "*5\r\n$1\r\nd\r\n$1\r\ne\r\n$1\r\na\r\n$1\r\nc\r\n$1\r\nb\r\n"},
	{[]string{"sort", "z", "by", "nosort", "limit", "1", "2"}, "*2\r\n$1\r\nc\r\n$1\r\na\r\n"},
	{[]string{"sort", "z", "by", "nosort", "desc", "limit", "1", "2"}, "*2\r\n$1\r\ne\r\n$1\r\na\r\n"},
	{[]string{"sort", "z", "by", "nosort", "limit", "4", "10"}, "*1\r\n$1\r\nd\r\n"},
	{[]string{"sort", "z", "by", "nosort", "desc", "limit", "4", "10"}, "*1\r\n$1\r\nb\r\n"},
	{[]string{"sort", "z", "by", "nosort", "limit", "5", "10"}, "*0\r\n"},
	{[]string{"sort", "z", "by", "h_*->f"}, "*5\r\n$1\r\ne\r\n$1\r\na\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\nd\r\n"},
	{[]string{"sort", "z", "by", "h_*->f", "get", "h_*->g", "get", "#"}, "*10\r\n$1\r\ny\r\n$1\r\ne\r\n$1\r\nx\r\n$1\r\na\r\n$-1\r\n$1\r\nc\r\n$-1\r\n$1\r\nb\r\n$2\r\ndd\r\n$1\r\nd\r\n"},
	{[]string{"sort", "z", "by", "h_*->f", "alpha"}, "*5\r\n$1\r\ne\r\n$1\r\na\r\n$1\r\nd\r\n$1\r\nc\r\n$1\r\nb\r\n"},
	{[]string{"sort", "z", "by", "h_*->f", "alpha", "desc"}, "*5\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\na\r\n$1\r\ne\r\n"},
	{[]string{"sort", "z", "by", "h_*->"}, "*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n"},
	{[]string{"sort", "z", "alpha", "get", "w_*->f"}, "*5\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n"},
	{[]string{"sort", "z", "by", "nosort", "get", "h_*->nosuch", "get", "h_*->g"}, "*10\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n$1\r\nx\r\n$-1\r\n$1\r\ny\r\n$-1\r\n$2\r\ndd\r\n"},
	{[]string{"sort", "zbig", "by", "nosort", "limit", "130", "5"}, "*5\r\n$4\r\nm130\r\n$4\r\nm131\r\n$4\r\nm132\r\n$4\r\nm133\r\n$4\r\nm134\r\n"},
	{[]string{"sort", "zbig", "by", "nosort", "desc", "limit", "130", "5"}, "*5\r\n$2\r\nm9\r\n$2\r\nm8\r\n$2\r\nm7\r\n$2\r\nm6\r\n$2\r\nm5\r\n"},
	{[]string{"sort", "zbig", "by", "nosort", "desc", "limit", "0", "3"}, "*3\r\n$4\r\nm139\r\n$4\r\nm138\r\n$4\r\nm137\r\n"},
	{[]string{"sort", "big", "by", "bw_*", "limit", "10", "20"}, "*20\r\n$3\r\ne50\r\n$3\r\ne55\r\n$3\r\ne13\r\n$3\r\ne18\r\n$3\r\ne23\r\n$3\r\ne28\r\n$2\r\ne3\r\n$3\r\ne33\r\n$3\r\ne38\r\n$3\r\ne43\r\n$3\r\ne48\r\n$3\r\ne53\r\n$3\r\ne58\r\n$2\r\ne8\r\n$2\r\ne1\r\n$3\r\ne11\r\n$3\r\ne16\r\n$3\r\ne21\r\n$3\r\ne26\r\n$3\r\ne31\r\n"},
	{[]string{"sort", "big", "by", "bw_*", "alpha", "limit", "10", "20"}, "*20\r\n$3\r\ne10\r\n$3\r\ne25\r\n$3\r\ne18\r\n$3\r\ne48\r\n$3\r\ne38\r\n$2\r\ne8\r\n$3\r\ne43\r\n$3\r\ne13\r\n$2\r\ne3\r\n$3\r\ne53\r\n$3\r\ne23\r\n$3\r\ne28\r\n$3\r\ne33\r\n$3\r\ne58\r\n$3\r\ne46\r\n$3\r\ne56\r\n$3\r\ne26\r\n$3\r\ne51\r\n$3\r\ne41\r\n$2\r\ne6\r\n"},
	{[]string{"sort", "big", "by", "bw_*", "desc", "limit", "5", "15"}, "*15\r\n$3\r\ne37\r\n$3\r\ne32\r\n$3\r\ne27\r\n$3\r\ne22\r\n$2\r\ne2\r\n$3\r\ne17\r\n$3\r\ne12\r\n$2\r\ne9\r\n$3\r\ne59\r\n$3\r\ne54\r\n$3\r\ne49\r\n$3\r\ne44\r\n$2\r\ne4\r\n$3\r\ne39\r\n$3\r\ne34\r\n"},
	{[]string{"sort", "big", "by", "bw_*", "alpha", "desc", "limit", "40", "30"}, "*20\r\n$3\r\ne58\r\n$2\r\ne8\r\n$3\r\ne38\r\n$3\r\ne43\r\n$3\r\ne48\r\n$3\r\ne18\r\n$3\r\ne13\r\n$2\r\ne3\r\n$2\r\ne5\r\n$3\r\ne35\r\n$3\r\ne50\r\n$3\r\ne15\r\n$3\r\ne10\r\n$2\r\ne0\r\n$3\r\ne25\r\n$3\r\ne30\r\n$3\r\ne40\r\n$3\r\ne45\r\n$3\r\ne55\r\n$3\r\ne20\r\n"},
	{[]string{"sort", "big", "by", "bw_*", "alpha", "limit", "0", "60"}, "*60\r\n$2\r\ne0\r\n$2\r\ne5\r\n$3\r\ne10\r\n$3\r\ne15\r\n$3\r\ne20\r\n$3\r\ne25\r\n$3\r\ne30\r\n$3\r\ne35\r\n$3\r\ne40\r\n$3\r\ne45\r\n$3\r\ne50\r\n$3\r\ne55\r\n$2\r\ne3\r\n$2\r\ne8\r\n$3\r\ne13\r\n$3\r\ne18\r\n$3\r\ne23\r\n$3\r\ne28\r\n$3\r\ne33\r\n$3\r\ne38\r\n$3\r\ne43\r\n$3\r\ne48\r\n$3\r\ne53\r\n$3\r\ne58\r\n$2\r\ne1\r\n$2\r\ne6\r\n$3\r\ne11\r\n$3\r\ne16\r\n$3\r\ne21\r\n$3\r\ne26\r\n$3\r\ne31\r\n$3\r\ne36\r\n$3\r\ne41\r\n$3\r\ne46\r\n$3\r\ne51\r\n$3\r\ne56\r\n$2\r\ne4\r\n$2\r\ne9\r\n$3\r\ne14\r\n$3\r\ne19\r\n$3\r\ne24\r\n$3\r\ne29\r\n$3\r\ne34\r\n$3\r\ne39\r\n$3\r\ne44\r\n$3\r\ne49\r\n$3\r\ne54\r\n$3\r\ne59\r\n$2\r\ne2\r\n$2\r\ne7\r\n$3\r\ne12\r\n$3\r\ne17\r\n$3\r\ne22\r\n$3\r\ne27\r\n$3\r\ne32\r\n$3\r\ne37\r\n$3\r\ne42\r\n$3\r\ne47\r\n$3\r\ne52\r\n$3\r\ne57\r\n"},
	{[]string{"sort", "big", "by", "bw_*", "limit", "0", "60"}, "*60\r\n$2\r\ne0\r\n$3\r\ne10\r\n$3\r\ne15\r\n$3\r\ne20\r\n$3\r\ne25\r\n$3\r\ne30\r\n$3\r\ne35\r\n$3\r\ne40\r\n$3\r\ne45\r\n$2\r\ne5\r\n$3\r\ne50\r\n$3\r\ne55\r\n$3\r\ne13\r\n$3\r\ne18\r\n$3\r\ne23\r\n$3\r\ne28\r\n$2\r\ne3\r\n$3\r\ne33\r\n$3\r\ne38\r\n$3\r\ne43\r\n$3\r\ne48\r\n$3\r\ne53\r\n$3\r\ne58\r\n$2\r\ne8\r\n$2\r\ne1\r\n$3\r\ne11\r\n$3\r\ne16\r\n$3\r\ne21\r\n$3\r\ne26\r\n$3\r\ne31\r\n$3\r\ne36\r\n$3\r\ne41\r\n$3\r\ne46\r\n$3\r\ne51\r\n$3\r\ne56\r\n$2\r\ne6\r\n$3\r\ne14\r\n$3\r\ne19\r\n$3\r\ne24\r\n$3\r\ne29\r\n$3\r\ne34\r\n$3\r\ne39\r\n$2\r\ne4\r\n$3\r\ne44\r\n$3\r\ne49\r\n$3\r\ne54\r\n$3\r\ne59\r\n$2\r\ne9\r\n$3\r\ne12\r\n$3\r\ne17\r\n$2\r\ne2\r\n$3\r\ne22\r\n$3\r\ne27\r\n$3\r\ne32\r\n$3\r\ne37\r\n$3\r\ne42\r\n$3\r\ne47\r\n$3\r\ne52\r\n$3\r\ne57\r\n$2\r\ne7\r\n"},
	{[]string{"sort", "big", "by", "bw_*", "alpha", "desc", "limit", "3", "4"}, "*4\r\n$3\r\ne52\r\n$3\r\ne57\r\n$3\r\ne47\r\n$3\r\ne42\r\n"},
	{[]string{"sort", "big", "by", "nosuch_*", "alpha", "limit", "7", "9"}, "*9\r\n$2\r\ne7\r\n$2\r\ne8\r\n$2\r\ne9\r\n$3\r\ne10\r\n$3\r\ne11\r\n$3\r\ne12\r\n$3\r\ne13\r\n$3\r\ne14\r\n$3\r\ne15\r\n"},
	{[]string{"sort", "big", "by", "nosuch_*", "alpha", "desc", "limit", "7", "9"}, "*9\r\n$2\r\ne7\r\n$2\r\ne8\r\n$2\r\ne9\r\n$3\r\ne10\r\n$3\r\ne11\r\n$3\r\ne12\r\n$3\r\ne13\r\n$3\r\ne14\r\n$3\r\ne15\r\n"},
	{[]string{"sort", "big", "by", "nosuch_*", "limit", "50", "5"}, "*5\r\n$3\r\ne54\r\n$3\r\ne55\r\n$3\r\ne56\r\n$3\r\ne57\r\n$3\r\ne58\r\n"},
	{[]string{"sort", "bad"}, "-ERR One or more scores can't be converted into double\r\n"},
	{[]string{"sort", "bad", "by", "nosort"}, "*3\r\n$1\r\n1\r\n$1\r\nx\r\n$1\r\n3\r\n"},
	{[]string{"sort", "bad", "by", "w_*"}, "*3\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\n3\r\n"},
	{[]string{"sort", "nulls", "alpha"}, "*4\r\n$1\r\na\r\n$3\r\nb\u0000z\r\n$3\r\nb\u0000a\r\n$1\r\nc\r\n"},
	{[]string{"sort", "nulls", "alpha", "desc"}, "*4\r\n$1\r\nc\r\n$3\r\nb\u0000z\r\n$3\r\nb\u0000a\r\n$1\r\na\r\n"},
	{[]string{"sort", "nulls", "alpha", "store", "d2"}, ":4\r\n"},
	{[]string{"lrange", "d2", "0", "-1"}, "*4\r\n$1\r\na\r\n$3\r\nb\u0000a\r\n$3\r\nb\u0000z\r\n$1\r\nc\r\n"},
	{[]string{"sort", "str"}, "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
	{[]string{"sort", "nosuch"}, "*0\r\n"},
	{[]string{"sort", "nosuch", "by", "nosort", "desc", "limit", "1", "1"}, "*0\r\n"},
	{[]string{"sort", "nosuch", "store", "d3"}, ":0\r\n"},
	{[]string{"exists", "d3"}, ":0\r\n"},
	{[]string{"sort", "l", "store", "dst2"}, ":6\r\n"},
	{[]string{"lrange", "dst2", "0", "-1"}, "*6\r\n$2\r\n-5\r\n$1\r\n1\r\n$1\r\n2\r\n$3\r\n2.5\r\n$1\r\n3\r\n$2\r\n10\r\n"},
	{[]string{"type", "dst2"}, "+list\r\n"},
	{[]string{"object", "encoding", "dst2"}, "$9\r\nquicklist\r\n"},
	{[]string{"sort", "l", "by", "w_*", "get", "o_*", "get", "#", "store", "dst3"}, ":12\r\n"},
	{[]string{"lrange", "dst3", "0", "-1"}, "*12\r\n$3\r\nten\r\n$2\r\n10\r\n$3\r\ntwo\r\n$1\r\n2\r\n$0\r\n\r\n$3\r\n2.5\r\n$3\r\none\r\n$1\r\n1\r\n$5\r\nthree\r\n$1\r\n3\r\n$0\r\n\r\n$2\r\n-5\r\n"},
	{[]string{"set", "dst4", "x"}, "+OK\r\n"},
	{[]string{"expire", "dst4", "100"}, ":1\r\n"},
	{[]string{"sort", "l", "store", "dst4"}, ":6\r\n"},
	{[]string{"ttl", "dst4"}, ":-1\r\n"},
	{[]string{"sort", "nosuch", "store", "dst4"}, ":0\r\n"},
	{[]string{"exists", "dst4"}, ":0\r\n"},
	{[]string{"sort", "l", "limit", "1"}, "-ERR syntax error\r\n"},
	{[]string{"sort", "l", "limit", "a", "1"}, "-ERR value is not an integer or out of range\r\n"},
	{[]string{"sort", "l", "limit", "1", "9999999999999999999"}, "-ERR value is not an integer or out of range\r\n"},
	{[]string{"sort", "l", "foo"}, "-ERR syntax error\r\n"},
	{[]string{"sort", "l", "by"}, "-ERR syntax error\r\n"},
	{[]string{"sort", "l", "store"}, "-ERR syntax error\r\n"},
	{[]string{"sort", "l", "get"}, "-ERR syntax error\r\n"},
	{[]string{"sort_ro", "l", "store", "x"}, "-ERR syntax error\r\n"},
	{[]string{"sort_ro", "l", "by", "w_*", "get", "o_*"}, "*6\r\n$3\r\nten\r\n$3\r\ntwo\r\n$-1\r\n$3\r\none\r\n$5\r\nthree\r\n$-1\r\n"},
	{[]string{"sort_ro", "str"}, "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
	{[]string{"sort", "str", "limit", "x", "1"}, "-ERR value is not an integer or out of range\r\n"},
	{[]string{"sort", "str", "foo"}, "-ERR syntax error\r\n"},
	{[]string{"sort"}, "-ERR wrong number of arguments for 'sort' command\r\n"},
	{[]string{"sort_ro"}, "-ERR wrong number of arguments for 'sort_ro' command\r\n"},
	{[]string{"hello", "3"}, ""},
	{[]string{"sort", "l", "get", "o_*", "limit", "0", "3"}, "*3\r\n_\r\n$3\r\none\r\n$3\r\ntwo\r\n"},
	{[]string{"sort", "l", "by", "w_*", "limit", "0", "2"}, "*2\r\n$2\r\n10\r\n$1\r\n2\r\n"},
	{[]string{"sort", "l", "store", "dst5"}, ":6\r\n"},
	{[]string{"lrange", "dst5", "0", "-1"}, "*6\r\n$2\r\n-5\r\n$1\r\n1\r\n$1\r\n2\r\n$3\r\n2.5\r\n$1\r\n3\r\n$2\r\n10\r\n"},
	{[]string{"sort", "nums"}, "-ERR One or more scores can't be converted into double\r\n"},
}

// sortSetupCmds builds the data of sortTestCases through the type commands.
var sortSetupCmds = [][]string{
	{"rpush", "l", "3", "1", "2", "10", "-5", "2.5"},
	{"rpush", "la", "b", "a", "c d", "B", "aa", ""},
	{"sadd", "si", "5", "3", "9", "1"},
	{"sadd", "ss", "pear", "apple", "fig", "10"},
	{"zadd", "z", "3", "a", "1", "b", "2", "c", "5", "d", "4", "e"},
	{"hset", "h_a", "f", "1", "g", "x"}, {"hset", "h_b", "f", "3"}, {"hset", "h_c", "f", "2"},
	{"hset", "h_d", "f", "10", "g", "dd"}, {"hset", "h_e", "g", "y"},
	{"rpush", "bad", "1", "x", "3"},
	{"rpush", "nulls", "b\x00z", "b\x00a", "a", "c"},
	{"rpush", "nums", "1e-310", "2"},
}

// sortSetupStrings are the string keys of the scenario (SET exists).
func sortSetupStrings(t *testing.T, s *Server, c *Client) {
	t.Helper()
	args := []string{"mset", "w_3", "30", "w_1", "10", "w_2", "5", "w_10", "1", "w_-5", "100", "w_2.5", "7",
		"o_3", "three", "o_1", "one", "o_2", "two", "o_10", "ten", "o_3_*", "star", "1", "key-one", "str", "hello"}
	for i := 0; i < 60; i++ {
		args = append(args, "bw_e"+strconv.Itoa(i), strconv.Itoa((i*7)%5))
	}
	if got := s.run(c, args...); got != "+OK\r\n" {
		t.Fatalf("mset: %q", got)
	}
}

func sortBigMembers() []string {
	out := make([]string, 60)
	for i := range out {
		out[i] = "e" + strconv.Itoa(i)
	}
	return out
}

// --- building values directly, without the type commands ---------------------

func sortMkList(s *Server, key string, elems ...string) {
	o := s.newListObject()
	for _, e := range elems {
		o.quicklist().PushTail([]byte(e))
	}
	s.dbAdd(s.dbs[0], []byte(key), o)
}

func sortMkSet(s *Server, key string, elems ...string) {
	o := newSetObject([]byte(elems[0]))
	for _, e := range elems {
		if o.enc == EncIntset {
			if v, ok := parseInt([]byte(e)); ok {
				o.intset().Add(v)
				continue
			}
			setConvert(&o)
		}
		o.setDict().Insert(e, struct{}{})
	}
	s.dbAdd(s.dbs[0], []byte(key), o)
}

// sortMkZset adds member/score pairs, which must be in (score, member)
// order: a listpack unless big.
func sortMkZset(s *Server, key string, big bool, pairs ...string) {
	o := s.newZsetObject(len(pairs)/2, 0)
	if big {
		o = collectionObject(TypeZSet, EncSkiplist, unsafe.Pointer(newZsetIndex()))
	}
	var buf [32]byte
	for i := 0; i < len(pairs); i += 2 {
		score, _ := strconv.ParseFloat(pairs[i+1], 64)
		if o.enc == EncListpack {
			o.listpack().Append([]byte(pairs[i]))
			o.listpack().Append(d2string(buf[:0], score))
		} else {
			o.zsetIndex().dict.Insert(pairs[i], score)
			o.zsetIndex().zsl.Insert(score, pairs[i])
		}
	}
	s.dbAdd(s.dbs[0], []byte(key), o)
}

func sortMkHash(s *Server, key string, table bool, fv ...string) {
	o := newHashObject()
	for i := 0; i < len(fv); i += 2 {
		o.listpack().Append([]byte(fv[i]))
		o.listpack().Append([]byte(fv[i+1]))
	}
	if table {
		hashConvert(&o)
	}
	s.dbAdd(s.dbs[0], []byte(key), o)
}

// sortListOf reads a list key directly, as LRANGE key 0 -1 replies.
func sortListOf(s *Server, key string) string {
	e := s.dbs[0].dict.Find([]byte(key))
	if e == nil {
		return "*0\r\n"
	}
	q := e.Val.quicklist()
	var b strings.Builder
	b.WriteString("*" + strconv.Itoa(q.Len()) + "\r\n")
	it := q.Iterator(0, true)
	for {
		v, ok := it.Next(nil)
		if !ok {
			break
		}
		b.WriteString("$" + strconv.Itoa(len(v)) + "\r\n" + string(v) + "\r\n")
	}
	return b.String()
}

func sortSetupDirect(t *testing.T, s *Server, c *Client) {
	sortMkList(s, "l", "3", "1", "2", "10", "-5", "2.5")
	sortMkList(s, "la", "b", "a", "c d", "B", "aa", "")
	sortMkSet(s, "si", "5", "3", "9", "1")
	sortMkSet(s, "ss", "pear", "apple", "fig", "10")
	sortMkZset(s, "z", false, "b", "1", "c", "2", "a", "3", "e", "4", "d", "5")
	var zb []string
	for i := 0; i < 140; i++ {
		zb = append(zb, "m"+strconv.Itoa(i), strconv.Itoa(i))
	}
	sortMkZset(s, "zbig", true, zb...)
	sortMkHash(s, "h_a", false, "f", "1", "g", "x")
	sortMkHash(s, "h_b", false, "f", "3")
	sortMkHash(s, "h_c", true, "f", "2")
	sortMkHash(s, "h_d", true, "f", "10", "g", "dd")
	sortMkHash(s, "h_e", false, "g", "y")
	sortMkList(s, "big", sortBigMembers()...)
	sortMkList(s, "bad", "1", "x", "3")
	sortMkList(s, "nulls", "b\x00z", "b\x00a", "a", "c")
	sortMkList(s, "nums", "1e-310", "2")
	sortSetupStrings(t, s, c)
}

func sortRunCases(t *testing.T, s *Server, c *Client) {
	t.Helper()
	for _, tc := range sortTestCases {
		var got string
		if s.commands[tc.args[0]] == nil && tc.args[0] == "lrange" {
			got = sortListOf(s, tc.args[1])
		} else {
			got = s.run(c, tc.args...)
		}
		if tc.reply != "" && got != tc.reply {
			t.Fatalf("%q: got %q, want %q", tc.args, got, tc.reply)
		}
	}
}

func TestSortDirect(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	sortSetupDirect(t, s, c)
	sortRunCases(t, s, c)
}

// TestSortThroughCommands builds the same data with RPUSH, SADD, ZADD and
// HSET, where those commands exist.
func TestSortThroughCommands(t *testing.T) {
	s := newTestServer(t)
	for _, name := range []string{"rpush", "sadd", "zadd", "hset"} {
		if s.commands[name] == nil {
			t.Skip(name + " not available")
		}
	}
	c := s.fakeClient()
	for _, a := range sortSetupCmds {
		if got := s.run(c, a...); !strings.HasPrefix(got, ":") {
			t.Fatalf("%q: %q", a, got)
		}
	}
	zb := []string{"zadd", "zbig"}
	for i := 0; i < 140; i++ {
		zb = append(zb, strconv.Itoa(i), "m"+strconv.Itoa(i))
	}
	s.run(c, zb...)
	s.run(c, append([]string{"rpush", "big"}, sortBigMembers()...)...)
	sortSetupStrings(t, s, c)
	sortRunCases(t, s, c)
}

func TestSortCommandInfo(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	for _, tc := range []struct {
		args  []string
		reply string
	}{
		{[]string{"command", "info", "sort"}, "*1\r\n*10\r\n$4\r\nsort\r\n:-2\r\n*3\r\n+write\r\n+denyoom\r\n+movablekeys\r\n:1\r\n:1\r\n:1\r\n*6\r\n+@write\r\n+@set\r\n+@sortedset\r\n+@list\r\n+@slow\r\n+@dangerous\r\n*0\r\n*3\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*8\r\n$5\r\nnotes\r\n$120\r\nFor the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$7\r\nunknown\r\n$4\r\nspec\r\n*0\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$7\r\nunknown\r\n$4\r\nspec\r\n*0\r\n*8\r\n$5\r\nnotes\r\n$116\r\nFor the optional STORE keyword. It is marked 'unknown' because the keyword can appear anywhere in the argument array\r\n$5\r\nflags\r\n*2\r\n+OW\r\n+update\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$7\r\nunknown\r\n$4\r\nspec\r\n*0\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$7\r\nunknown\r\n$4\r\nspec\r\n*0\r\n*0\r\n"},
		{[]string{"command", "info", "sort_ro"}, "*1\r\n*10\r\n$7\r\nsort_ro\r\n:-2\r\n*2\r\n+readonly\r\n+movablekeys\r\n:1\r\n:1\r\n:1\r\n*6\r\n+@read\r\n+@set\r\n+@sortedset\r\n+@list\r\n+@slow\r\n+@dangerous\r\n*0\r\n*2\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*8\r\n$5\r\nnotes\r\n$120\r\nFor the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$7\r\nunknown\r\n$4\r\nspec\r\n*0\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$7\r\nunknown\r\n$4\r\nspec\r\n*0\r\n*0\r\n"},
		// Redis also lists the arguments, which aeon's COMMAND DOCS leaves out.
		{[]string{"command", "docs", "sort_ro"}, "*2\r\n$7\r\nsort_ro\r\n*8\r\n$7\r\nsummary\r\n$74\r\nSort the elements in a list, set or sorted set. Read-only variant of SORT.\r\n$5\r\nsince\r\n$5\r\n7.0.0\r\n$5\r\ngroup\r\n$7\r\ngeneric\r\n$10\r\ncomplexity\r\n$168\r\nO(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).\r\n"},
	} {
		if got := s.run(c, tc.args...); got != tc.reply {
			t.Errorf("%q:\n got %q\nwant %q", tc.args, got, tc.reply)
		}
	}
}

// TestSortStrtod checks weights against what redis-server 7.0 accepted.
func TestSortStrtod(t *testing.T) {
	for _, tc := range []struct {
		in string
		v  float64
		ok bool
	}{
		{"", 0, true}, {" 1", 1, true}, {"1 ", 0, false}, {"  ", 0, false}, {"-", 0, false},
		{"12\x00abc", 12, true}, {"\x00x", 0, true},
		{"1e-310", 0, false}, {"1e-400", 0, false}, {"1e400", 0, false},
		{"0x10", 16, true}, {"0x1p4", 16, true}, {"0x.8", 0.5, true}, {"0x", 0, false}, {"0xg", 0, false},
		{"inf", math.Inf(1), true}, {"INF", math.Inf(1), true}, {"-infinity", math.Inf(-1), true},
		{"infinit", 0, false}, {"nan", 0, false}, {"nan(123)", 0, false},
		{"2.5e", 0, false}, {"1_0", 0, false}, {" +.5", 0.5, true}, {".e1", 0, false}, {"5.", 5, true},
		{"0x1p-1070", 0x1p-1070, true}, {"0x1.8p-1070", 0x1.8p-1070, true},
		{"4.9406564584124654e-324", 0, false}, {"0e-500", 0, true}, {"0.0000e-400", 0, true},
		{"2.2250738585072014e-308", 0x1p-1022, true}, {"2.2250738585072011e-308", 0, false},
		{"2.2250738585072012e-308", 0, false}, {"2.2250738585072013e-308", 0x1p-1022, true},
		{"0x0.fffffffffffff8p-1022", 0, false}, {"0x1.0000000000000000001p-1022", 0x1p-1022, true},
		{"1.7976931348623157e308", math.MaxFloat64, true}, {"1.7976931348623159e308", 0, false},
		{"  -0", 0, true}, {"-12.5E+1", -125, true}, {"007", 7, true},
	} {
		v, ok := sortStrtod([]byte(tc.in))
		if ok != tc.ok || (ok && v != tc.v) {
			t.Errorf("%q: got %v %v, want %v %v", tc.in, v, ok, tc.v, tc.ok)
		}
	}
}

// TestSortStoreDirty checks STORE's dirty count and that the stored list
// is independent of the source.
func TestSortStoreDirty(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	sortMkList(s, "l", "3", "1", "2")
	d := s.dirty
	expectReplies(t, s, c, [][2]string{{"sort l get # get nosuch_* store l", ":6\r\n"}})
	if s.dirty-d != 6 {
		t.Fatalf("dirty +%d, want 6", s.dirty-d)
	}
	if got, want := sortListOf(s, "l"), "*6\r\n$1\r\n1\r\n$0\r\n\r\n$1\r\n2\r\n$0\r\n\r\n$1\r\n3\r\n$0\r\n\r\n"; got != want {
		t.Fatalf("got %q want %q", got, want)
	}
	d = s.dirty
	expectReplies(t, s, c, [][2]string{{"sort nosuch store l", ":0\r\n"}, {"exists l", ":0\r\n"}})
	if s.dirty-d != 1 {
		t.Fatalf("dirty +%d, want 1", s.dirty-d)
	}
}

// TestSortBigLimit sorts a big list by weights with LIMIT (the partial
// quicksort) and checks the window against a full sort.
func TestSortBigLimit(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	const n = 2000
	elems := make([]string, n)
	args := []string{"mset"}
	for i := range elems {
		elems[i] = strconv.Itoa(i)
		args = append(args, "w_"+elems[i], strconv.Itoa((i*7919)%97))
	}
	sortMkList(s, "l", elems...)
	s.run(c, args...)
	full := sortParseArray(t, s.run(c, "sort", "l", "by", "w_*"))
	for _, lim := range [][2]int{{0, 10}, {500, 100}, {1990, 50}, {1000, 1}} {
		got := sortParseArray(t, s.run(c, "sort", "l", "by", "w_*", "limit", strconv.Itoa(lim[0]), strconv.Itoa(lim[1])))
		want := full[lim[0]:min(lim[0]+lim[1], n)]
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Fatalf("limit %v: got %v want %v", lim, got, want)
		}
	}
}

func sortParseArray(t *testing.T, r string) []string {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(r, "\r\n"), "\r\n")
	if !strings.HasPrefix(lines[0], "*") {
		t.Fatalf("not an array: %q", r)
	}
	var out []string
	for i := 2; i < len(lines); i += 2 {
		out = append(out, lines[i])
	}
	return out
}
