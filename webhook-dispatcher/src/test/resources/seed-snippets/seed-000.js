const crypto = require('crypto')
const sig = req.headers['x-solid-signature']
const expected = crypto
.createHmac('sha256', process.env.SOLID_WEBHOOK_SECRET)
.update(req.rawBody)
.digest('hex')
if (sig !== expected) return res.status(401).send('bad signature')
