const crypto = require('crypto');

app.post('/webhooks/crm', express.raw({ type: 'application/json' }), (req, res) => {
  const secret = process.env.CRMSOLID_WEBHOOK_SECRET;
  const sig    = req.headers['x-signature'] || '';
  const expected = 'sha256=' + crypto
    .createHmac('sha256', secret)
    .update(req.body)   // raw Buffer, NOT parsed JSON
    .digest('hex');

  if (!crypto.timingSafeEqual(Buffer.from(sig), Buffer.from(expected))) {
    return res.status(401).send('invalid signature');
  }

  const event = JSON.parse(req.body);
  // handle event.event ...
  res.status(200).send('ok');
});
