// Entry for the deliberately failing suite: proves that a failed test makes the runner exit 1.
exports.run = () => require('./runMocha').runMocha(require('node:path').join(__dirname, 'fail'));
