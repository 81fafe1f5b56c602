// The console page's script (served by src/console/http.ts, plain browser JavaScript, no build step).
// Signs in with the login mutation, asks the server whether this user may open the console, then
// loads GraphiQL with the ready tabs. The token lives in this closure only: GraphiQL gets it as a
// request header it never shows, its own storage is an in-memory map (nothing in localStorage or
// sessionStorage), and "Keluar" forgets everything by reloading the page.
(() => {
  const config = JSON.parse(document.getElementById('tuntas-console').textContent);
  const $ = (id) => document.getElementById(id);
  let token = null;
  let challenge = null;

  // Ask for Indonesian messages where the server has them.
  const LANGUAGE = { 'accept-language': 'id-ID, id;q=0.9, en;q=0.5' };

  const show = (id) => {
    for (const v of ['masuk', 'ditolak', 'konsol']) $(v).hidden = v !== id;
  };
  const say = (text) => {
    $('pesan').textContent = text || '';
  };

  async function gql(query, variables) {
    const res = await fetch(config.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...LANGUAGE },
      body: JSON.stringify({ query, variables }),
    });
    return res.json();
  }

  async function signIn(event) {
    event.preventDefault();
    say('');
    $('tombol-masuk').disabled = true;
    try {
      const r = challenge
        ? await gql(config.signIn.secondFactor, { challenge, code: $('code').value.trim() })
        : await gql(config.signIn.login, { email: $('email').value.trim(), password: $('password').value });
      const result = r.data?.r;
      if (!result) return say(r.errors?.[0]?.message || 'Gagal masuk.');
      if (result.__typename === 'SecondFactorRequired') {
        challenge = result.challenge;
        $('kode-kedua').hidden = false;
        $('code').required = true;
        $('code').focus();
        return say('Masukkan kode dari aplikasi autentikator Anda.');
      }
      if (result.__typename !== 'AuthPayload') {
        // A wrong or expired second-factor challenge starts over from the password.
        if (challenge) resetSecondFactor();
        return say(result.message || 'Gagal masuk.');
      }
      $('password').value = '';
      resetSecondFactor();
      await openConsole(result.token);
    } catch {
      say('Server tidak dapat dihubungi. Coba lagi.');
    } finally {
      $('tombol-masuk').disabled = false;
    }
  }

  function resetSecondFactor() {
    challenge = null;
    $('code').value = '';
    $('code').required = false;
    $('kode-kedua').hidden = true;
  }

  async function openConsole(newToken) {
    const res = await fetch(config.accessUrl, { headers: { authorization: `Bearer ${newToken}`, ...LANGUAGE } });
    const access = await res.json();
    if (!access.allowed) {
      $('alasan').textContent = access.message;
      return show('ditolak');
    }
    token = newToken;
    $('pengguna').textContent = `${access.name} (${access.role})`;
    await renderGraphiQL();
  }

  function load(tag, attrs) {
    return new Promise((resolve, reject) => {
      const el = Object.assign(document.createElement(tag), attrs);
      el.onload = resolve;
      el.onerror = () => reject(new Error(`${attrs.src || attrs.href} not loaded`));
      document.head.appendChild(el);
    });
  }

  /** GraphiQL's storage: a map in memory, so tabs, variables (a password!) and headers stay in this page. */
  function memoryStorage() {
    const m = new Map();
    return {
      getItem: (k) => (m.has(k) ? m.get(k) : null),
      setItem: (k, v) => m.set(k, String(v)),
      removeItem: (k) => m.delete(k),
      clear: () => m.clear(),
      key: (i) => [...m.keys()][i] ?? null,
      get length() {
        return m.size;
      },
    };
  }

  async function renderGraphiQL() {
    show('konsol');
    // GraphiQL writes the current query into the address (?query=); start from the ready tabs.
    history.replaceState(null, '', location.pathname);
    self.MonacoEnvironment = {
      globalAPI: false,
      getWorkerUrl: (_id, label) => config.workers[label] || config.workers.editorWorkerService,
    };
    if (!self.YogaGraphiQL)
      await Promise.all([load('link', { rel: 'stylesheet', href: config.graphiql.css }), load('script', { src: config.graphiql.js })]);
    self.YogaGraphiQL.renderYogaGraphiQL($('graphiql'), {
      endpoint: config.endpoint,
      title: 'tuntas',
      defaultTabs: config.tabs,
      // GraphiQL fills the first tab's variables editor from this, not from defaultTabs.
      variables: config.tabs[0].variables,
      storage: memoryStorage(),
      shouldPersistHeaders: false,
      defaultEditorToolsVisibility: 'variables',
      additionalHeaders: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...LANGUAGE },
    });
  }

  /** Forget the token and everything GraphiQL held: a fresh page load. */
  function signOut() {
    token = null;
    for (const store of [localStorage, sessionStorage]) {
      for (const k of Object.keys(store)) if (/^(graphiql|tuntas)/i.test(k)) store.removeItem(k);
    }
    location.replace(location.pathname);
  }

  $('form-masuk').addEventListener('submit', signIn);
  $('keluar').addEventListener('click', signOut);
  $('kembali').addEventListener('click', signOut);
  $('tanpa-masuk')?.addEventListener('click', () => {
    $('pengguna').textContent = 'tanpa masuk';
    void renderGraphiQL();
  });
  show('masuk');
  $('email').focus();
})();
