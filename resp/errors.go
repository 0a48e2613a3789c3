package resp

import "errors"

// Protocol errors returned by Parser.Parse. Their Error() text is exactly the
// text Redis 7.0 puts after "-ERR " in its reply before closing the client.
// They are sentinel values: compare with == or errors.Is.
var (
	ErrTooBigMbulkCount         = errors.New("Protocol error: too big mbulk count string")
	ErrInvalidMultibulkLength   = errors.New("Protocol error: invalid multibulk length")
	ErrUnauthenticatedMultibulk = errors.New("Protocol error: unauthenticated multibulk length")
	ErrTooBigBulkCount          = errors.New("Protocol error: too big bulk count string")
	ErrInvalidBulkLength        = errors.New("Protocol error: invalid bulk length")
	ErrUnauthenticatedBulk      = errors.New("Protocol error: unauthenticated bulk length")
	ErrTooBigInline             = errors.New("Protocol error: too big inline request")
	ErrUnbalancedQuotes         = errors.New("Protocol error: unbalanced quotes in request")
)

// ExpectedDollarError is returned by Parser.Parse when a multibulk argument
// does not start with '$'; its value is the byte found instead. Its Error()
// text is Redis's "Protocol error: expected '$', got '%c'" (the byte is
// inserted raw; Redis and AppendError turn a '\r' or '\n' into a space).
// Converting it to an error does not allocate.
type ExpectedDollarError byte

// Error implements error.
func (e ExpectedDollarError) Error() string {
	return "Protocol error: expected '$', got '" + string([]byte{byte(e)}) + "'"
}

// Errors returned by ReadRaw and ReadValue when the peer sends something that
// is not a well-formed reply.
var (
	ErrMalformedReply = errors.New("resp: malformed reply")
	ErrReplyTooDeep   = errors.New("resp: reply nesting too deep")
)
