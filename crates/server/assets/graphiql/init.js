/* juece GraphiQL bootstrap (served as /graphiql/assets/init.js).
 * Kept out of index.html so no inline <script> is needed. Page layout is set
 * through the CSSOM (element.style), which CSP does not restrict.
 * CSP this page needs (verified in headless Chromium):
 *   default-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self' data:;
 *   img-src 'self' data:; connect-src 'self' ws: wss:
 * - no 'unsafe-eval' and no inline script;
 * - style 'unsafe-inline': GraphiQL's dialogs and menus (react-remove-scroll) inject a
 *   <style> element at run time;
 * - font-src data:: graphiql.min.css embeds its fonts as data: URIs.
 */
(function () {
  'use strict';
  var html = document.documentElement;
  var body = document.body;
  var mount = document.getElementById('graphiql');
  html.style.height = '100%';
  body.style.height = '100%';
  body.style.margin = '0';
  body.style.overflow = 'hidden';
  mount.style.height = '100vh';

  var defaultQuery = [
    '# juece — 重大行政决策程序 GraphQL',
    '# 市中区 2022 年度重大行政决策事项目录 (市中政字〔2022〕27号)',
    '{',
    '  catalogue(governmentCode: "370103", year: 2022) {',
    '    documentNumber',
    '    items { seq title sponsor { name } plannedCompletion state }',
    '  }',
    '}',
    ''
  ].join('\n');

  var fetcher = GraphiQL.createFetcher({
    url: location.origin + '/graphql',
    subscriptionUrl:
      (location.protocol === 'https:' ? 'wss://' : 'ws://') +
      location.host + '/graphql/ws'
  });

  ReactDOM.createRoot(mount).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: defaultQuery
    })
  );
})();
