// Runs before every test file. Test files that need the UI bridge install it themselves.
process.env.TZ = 'UTC';
