// The sandbox demo: both PIN flows against the local partner endpoints. Everything sensitive is
// computed by pinseal in WebAssembly; this page never writes to the console.
import init, {
  TokenCipher, validateResetPin, sealResetPin, openResetPinResponse, pinStrength,
  validateSetPin, buildSetPinRequest, parseSetPinResponse,
} from '/pkg/pinseal.js';

const $ = (id) => document.getElementById(id);
const SANDBOX_CODES = {
  '9001': 'Replayed request: this clientTxnId was already used (sandbox-only code).',
  '9002': 'requestDateTime is more than 5 minutes from the server clock (sandbox-only code).',
  '9003': 'No valid two-factor confirmation for this customer: verify a code first (sandbox-only code).',
  '9004': 'Card not found: customer ID, URN and last 4 digits do not match a card (sandbox-only code).',
  '9005': 'Client credentials are not the sandbox client’s (sandbox-only code).',
  '9006': 'A field broke a rule (sandbox-only code).',
};
const REASONS = {
  PIN_NOT_DIGITS: 'digits only', PIN_LENGTH: 'wrong length', PIN_REPEATED: 'one digit repeated',
  PIN_SEQUENTIAL: 'a sequence like 1234', PIN_COMMON: 'one of the most common PINs',
  PIN_MATCHES_CARD: 'same as the card’s last 4 digits', PIN_SAME_AS_CURRENT: 'same as the current PIN',
  PIN_MATCHES_PHONE: 'end of your phone number',
};

let sandbox;
let cipher;
let lastSealed = null;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const child of children) node.append(child);
  return node;
}

function setTab(which) {
  for (const [tab, panel] of [['tab-reset', 'panel-reset'], ['tab-setpin', 'panel-setpin']]) {
    const on = tab === which;
    $(tab).setAttribute('aria-selected', String(on));
    $(panel).hidden = !on;
  }
}

function showStrength(pin, meter, label) {
  if (!pin) { meter.style.width = '0'; meter.className = ''; label.textContent = ''; return; }
  const { weak, reasons } = pinStrength(pin);
  const score = weak ? Math.max(1, 3 - reasons.length) : 4;
  meter.style.width = `${score * 25}%`;
  meter.className = weak ? 'weak' : 'strong';
  label.textContent = weak
    ? `Weak PIN: ${reasons.map((r) => REASONS[r] ?? r).join(', ')}.`
    : 'Strong PIN.';
}

function listErrors(list, errors) {
  list.replaceChildren(...errors.map((e) => el('li', { 'data-code': e.code }, `${e.field}: ${e.message} (${e.code})`)));
}

function badge(ok, text) {
  return el('span', { class: `badge ${ok ? 'ok' : 'bad'}` }, text);
}

async function postJson(url, body, headers = {}) {
  const res = await fetch(url, {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

// ---------------------------------------------------------------- Reset PIN

function resetInput() {
  const v = (id) => $(id).value;
  const input = {
    clientId: v('r-clientId'), secureCode: v('r-secureCode'), bankId: v('r-bankId'),
    customerId: v('r-customerId'), urn: v('r-urn'), last4Digits: v('r-last4Digits'), newPIN: v('r-newPIN'),
  };
  if (v('r-entityId')) input.entityId = v('r-entityId');
  return input;
}

function checkReset() {
  const pin = $('r-newPIN').value;
  showStrength(pin, $('r-meter'), $('r-strength'));
  const report = validateResetPin(resetInput());
  const pinErrors = report.errors.filter((e) => e.field === 'newPIN' && (pin || e.code !== 'REQUIRED'));
  listErrors($('r-pin-errors'), pinErrors);
  const other = report.errors.filter((e) => e.field !== 'newPIN');
  $('r-card-errors').textContent = other.map((e) => `${e.field}: ${e.message}`).join(' · ');
  return report;
}

function fillCard() {
  const card = sandbox.cards[Number($('r-card').value)];
  if (!card) return;
  $('r-customerId').value = card.customerId;
  $('r-urn').value = card.urn;
  $('r-last4Digits').value = card.last4Digits;
  checkReset();
}

async function start2fa() {
  $('r-2fa-status').textContent = '';
  const { status, body } = await postJson('/api/sandbox/2fa/start', { customerId: $('r-customerId').value });
  if (status !== 200) {
    $('r-2fa-sent').textContent = body?.error?.message ?? `Could not start (HTTP ${status}).`;
    return;
  }
  $('r-2fa-sent').dataset.challenge = body.challengeId;
  $('r-2fa-sent').textContent = `Code sent. Sandbox shows it: ${body.code}`;
}

async function verify2fa() {
  const challengeId = $('r-2fa-sent').dataset.challenge;
  if (!challengeId) { $('r-2fa-status').textContent = 'Send a code first.'; return; }
  const { status, body } = await postJson('/api/sandbox/2fa/verify', { challengeId, code: $('r-2fa-code').value });
  const ok = status === 200 && body?.verified === true;
  $('r-2fa-status').replaceChildren(
    badge(ok, ok ? 'Verified' : 'Not verified'),
    ok ? ' You may reset the PIN within 5 minutes.' : ` ${body?.error?.message ?? 'Wrong code, try again.'}`,
  );
}

function seal() {
  const report = checkReset();
  if (!report.valid) {
    $('r-result-card').hidden = false;
    $('r-result').replaceChildren(badge(false, 'Not sent'), ' Fix the highlighted fields first.');
    return;
  }
  try {
    lastSealed = sealResetPin(resetInput(), cipher);
  } catch (e) {
    $('r-result-card').hidden = false;
    $('r-result').replaceChildren(badge(false, e.code ?? 'ERROR'), ` ${e.message}`);
    return;
  }
  $('r-result-card').hidden = true;
  $('r-result').replaceChildren();
  $('r-token').textContent = lastSealed.token;
  $('r-request').textContent = JSON.stringify(lastSealed.request, null, 2);
  $('r-sealed-card').hidden = false;
  $('r-send').disabled = false;
  $('r-replay').disabled = true;
}

async function send(replay) {
  if (!lastSealed) return;
  const { token, request } = lastSealed;
  const { status, body } = await postJson('/api/v1/resetPIN', { token }, { 'x-api-key': sandbox.apiKey });
  $('r-result-card').hidden = false;
  if (status !== 200) {
    $('r-result').replaceChildren(badge(false, `HTTP ${status}`), ` ${body?.error?.code ?? ''} ${body?.error?.message ?? ''}`);
    $('r-response').textContent = '';
    return;
  }
  let response;
  try {
    response = openResetPinResponse(body, cipher, { clientTxnId: request.clientTxnId });
  } catch (e) {
    $('r-result').replaceChildren(badge(false, e.code ?? 'ERROR'), ` ${e.message}`);
    return;
  }
  const explain = SANDBOX_CODES[response.responseCode] ?? response.meaning;
  const title = response.ok ? 'PIN changed' : (replay ? 'Replay refused' : 'Refused');
  $('r-result').replaceChildren(
    badge(response.ok, `${response.responseCode}`), ` ${title}: ${explain}`,
    response.description ? el('p', { class: 'muted' }, response.description) : '',
  );
  $('r-response').textContent = JSON.stringify(response, null, 2);
  $('r-send').disabled = true;
  $('r-replay').disabled = false;
}

// ---------------------------------------------------------------- SET_PIN

function setPinInput() {
  const v = (id) => $(id).value;
  return {
    identifier: v('s-identifier'), pin: v('s-pin'), newPin: v('s-newPin'),
    deviceIdentifierType: v('s-deviceIdentifierType'), deviceIdentifier: v('s-deviceIdentifier'),
    identityType: v('s-identityType'), identity: v('s-identity'),
  };
}

function checkSetPin() {
  showStrength($('s-newPin').value, $('s-meter'), $('s-strength'));
  const report = validateSetPin(setPinInput());
  const typed = (e) => !(e.code === 'REQUIRED' && (e.field === 'pin' || e.field === 'newPin') && !$(`s-${e.field}`).value);
  listErrors($('s-errors'), report.errors.filter(typed));
  return report;
}

function fillAccount() {
  const a = sandbox.accounts[Number($('s-account').value)];
  if (!a) return;
  $('s-identifier').value = a.msisdn;
  $('s-deviceIdentifierType').value = a.deviceIdentifierType;
  $('s-deviceIdentifier').value = a.deviceIdentifier;
  $('s-identityType').value = a.identityType;
  $('s-identity').value = a.identity;
  checkSetPin();
}

async function setPin() {
  const report = checkSetPin();
  $('s-result').replaceChildren();
  $('s-result-card').hidden = false;
  if (!report.valid) {
    $('s-result').replaceChildren(badge(false, 'Not sent'), ' Fix the listed fields first.');
    return;
  }
  let request;
  try {
    request = buildSetPinRequest(setPinInput());
  } catch (e) {
    $('s-result').replaceChildren(badge(false, e.code ?? 'ERROR'), ` ${e.message}`);
    return;
  }
  const shown = { ...request, payload: { ...request.payload, pin: '****', new_pin: '****' } };
  $('s-request').textContent = JSON.stringify(shown, null, 2);
  $('s-request-card').hidden = false;
  const { status, body } = await postJson('/api/v1/mbanking', request);
  if (status !== 200) {
    $('s-result').replaceChildren(badge(false, `HTTP ${status}`), ` ${body?.error?.message ?? ''}`);
    return;
  }
  try {
    const r = parseSetPinResponse(body);
    $('s-result').replaceChildren(badge(r.ok, r.status), ` ${r.description}`);
    if (r.ok) { $('s-pin').value = ''; $('s-newPin').value = ''; checkSetPin(); }
  } catch (e) {
    $('s-result').replaceChildren(badge(false, e.code ?? 'ERROR'), ` ${e.message}`);
  }
}

// ---------------------------------------------------------------- start

async function main() {
  await init();
  const res = await fetch('/api/sandbox');
  sandbox = await res.json();
  cipher = TokenCipher.fromBase64(sandbox.key);

  $('r-clientId').value = sandbox.clientId;
  $('r-secureCode').value = sandbox.secureCode;
  $('r-bankId').value = String(sandbox.bankId);
  $('r-entityId').value = String(sandbox.entityId ?? '');
  $('r-card').replaceChildren(...sandbox.cards.map((c, i) => el('option', { value: String(i) }, `${c.customerId} · card ending ${c.last4Digits}`)));
  $('s-account').replaceChildren(...sandbox.accounts.map((a, i) => el('option', { value: String(i) }, `+${a.msisdn} · ${a.deviceIdentifierType}`)));
  fillCard();
  fillAccount();

  $('r-card').addEventListener('change', fillCard);
  for (const id of ['r-customerId', 'r-urn', 'r-last4Digits', 'r-newPIN', 'r-clientId', 'r-secureCode', 'r-bankId', 'r-entityId']) {
    $(id).addEventListener('input', () => { checkReset(); $('r-send').disabled = true; });
  }
  $('r-2fa-start').addEventListener('click', start2fa);
  $('r-2fa-verify').addEventListener('click', verify2fa);
  $('r-seal').addEventListener('click', seal);
  $('r-send').addEventListener('click', () => send(false));
  $('r-replay').addEventListener('click', () => send(true));

  $('s-account').addEventListener('change', fillAccount);
  for (const id of ['s-identifier', 's-deviceIdentifierType', 's-deviceIdentifier', 's-identityType', 's-identity', 's-pin', 's-newPin']) {
    $(id).addEventListener('input', checkSetPin);
  }
  $('s-send').addEventListener('click', setPin);

  for (const form of [$('reset-form'), $('setpin-form')]) form.addEventListener('submit', (e) => e.preventDefault());
  $('tab-reset').addEventListener('click', () => setTab('tab-reset'));
  $('tab-setpin').addEventListener('click', () => setTab('tab-setpin'));
  $('boot').hidden = true;
  setTab(location.hash === '#setpin' ? 'tab-setpin' : 'tab-reset');
  document.body.dataset.ready = 'true';
}

main().catch((e) => {
  $('boot').textContent = `Could not start the demo: ${e?.message ?? e}`;
  $('boot').className = 'notice error';
});
